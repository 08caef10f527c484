export * from './request-expectation';
