import { GATEWAY_SERVER_PORT } from '../../../lib/validation/rules/gateway-server-port';
import { gateway } from './objects';

const problems = (server: object) => GATEWAY_SERVER_PORT.check(gateway({ servers: [{ hosts: ['*'], ...server }] })).map((f) => [f.code, f.path, f.message]);

describe('GATEWAY_SERVER_PORT', () => {
  test('fails on a port number above 65535 and a bind that is no IP address', () => {
    expect(problems({ port: { number: 66000, name: 'http', protocol: 'HTTP' }, bind: 'foo.bar' })).toEqual([
      ['CDKI1050', 'spec.servers[0].port.number', "'number' must be a port from 1 to 65535, got 66000"],
      ['CDKI1050', 'spec.servers[0].bind', "'bind' must be an IP address or a unix:// socket, got \"foo.bar\""],
    ]);
  });

  test('fails on a port number on a unix socket', () => {
    expect(problems({ port: { number: 7, name: 'http', protocol: 'HTTP' }, bind: 'unix://@gw' }).map((p) => p[2])).toEqual(["'number' must be 0 for a server bound to the unix socket \"unix://@gw\", got 7"]);
  });

  test('passes ports, IP binds and port 0 on a unix socket', () => {
    expect([...problems({ port: { number: 80, name: 'http', protocol: 'HTTP' }, bind: '10.0.0.1' }), ...problems({ port: { number: 0, name: 'http', protocol: 'HTTP' }, bind: 'unix:///var/run/gw.sock' })]).toEqual([]);
  });

  test('fails on a protocol istiod does not know', () => {
    expect(problems({ port: { number: 9092, name: 'kafka', protocol: 'kafka' } }).map((p) => p[2])).toEqual([
      "'protocol' must be one of TCP, UDP, GRPC, GRPC-WEB, HTTP, HTTP_PROXY, HTTP2, HTTPS, TLS, MONGO, REDIS, MYSQL, got \"kafka\"",
    ]);
  });
});
