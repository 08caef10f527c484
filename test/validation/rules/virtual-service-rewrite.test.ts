import { VIRTUAL_SERVICE_REWRITE } from '../../../lib/validation/rules/virtual-service-rewrite';
import { route, virtualService } from './objects';

const withRewrite = (rewrite: unknown) => virtualService({ hosts: ['reviews'], http: [{ ...(route() as object), rewrite }] });

describe('VIRTUAL_SERVICE_REWRITE', () => {
  test('fails on uri and uriRegexRewrite together', () => {
    const [finding] = VIRTUAL_SERVICE_REWRITE.check(withRewrite({ uri: '/a', uriRegexRewrite: { match: '^/b', rewrite: '/c' } }));
    expect(finding.code).toBe('CDKI1032');
    expect(finding.path).toBe('spec.http[0].rewrite.uriRegexRewrite');
    expect(finding.message).toBe("'uriRegexRewrite' must not be set with 'uri' (a rewrite has one of them), got both");
  });

  test('fails on an empty rewrite and a regex rewrite without its replacement', () => {
    expect(VIRTUAL_SERVICE_REWRITE.check(withRewrite({})).map(f => f.message)).toEqual(["'rewrite' must set 'uri', 'uriRegexRewrite' or 'authority', got none"]);
    expect(VIRTUAL_SERVICE_REWRITE.check(withRewrite({ uriRegexRewrite: { match: '^/b' } })).map(f => [f.path, f.message]))
      .toEqual([['spec.http[0].rewrite.uriRegexRewrite.rewrite', "'rewrite' is required in 'uriRegexRewrite', got none"]]);
  });

  test('passes a uri, a regex or an authority rewrite', () => {
    expect(VIRTUAL_SERVICE_REWRITE.check(withRewrite({ uri: '/a', authority: 'x' }))).toEqual([]);
    expect(VIRTUAL_SERVICE_REWRITE.check(withRewrite({ uriRegexRewrite: { match: '^/b', rewrite: '/c' } }))).toEqual([]);
  });

  test('fails on an authority rewrite next to a request header operation on :authority', () => {
    const vs = virtualService({ hosts: ['reviews'], http: [{ ...(route() as object), rewrite: { authority: 'bar' }, headers: { request: { set: { ':authority': 'foo' } } } }] });
    expect(VIRTUAL_SERVICE_REWRITE.check(vs).map((f) => [f.path, f.message]))
      .toEqual([['spec.http[0].rewrite.authority', "'authority' cannot be rewritten while 'headers.request' sets \":authority\" too; keep one, got both"]]);
  });
});
