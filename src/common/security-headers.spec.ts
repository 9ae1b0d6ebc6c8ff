import { describe, expect, it } from '@jest/globals';
import { DOCS_SECURITY_HEADERS, SECURITY_HEADERS, securityHeadersFor } from './security-headers.js';

describe('security headers', () => {
  it.each([
    ['/api/docs', true],
    ['/api/docs/', true],
    ['/api/docs/swagger-ui-init.js', true],
    ['/api/docs?x=1', true],
    ['/api/docs/openapi.json', true],
    ['/api/docsx', false],
    ['/api/health', false],
    ['/tong-quan', false],
    ['/', false],
  ])('%s gets the API docs policy: %s', (url, docs) => {
    expect(securityHeadersFor(url)).toBe(docs ? DOCS_SECURITY_HEADERS : SECURITY_HEADERS);
  });

  it('pages allow only their own scripts; the docs page its inline one too; nothing may frame either', () => {
    const page = SECURITY_HEADERS['content-security-policy'];
    const docs = DOCS_SECURITY_HEADERS['content-security-policy'];
    expect(page.split(';')).toContain("script-src 'self'");
    expect(docs.split(';')).toContain("script-src 'self' 'unsafe-inline'");
    for (const policy of [page, docs]) {
      expect(policy.split(';')).toEqual(
        expect.arrayContaining(["default-src 'self'", "frame-ancestors 'none'", "object-src 'none'"]),
      );
      expect(policy).not.toMatch(/upgrade-insecure-requests/);
    }
    expect(SECURITY_HEADERS['x-content-type-options']).toBe('nosniff');
    expect(SECURITY_HEADERS['x-frame-options']).toBe('SAMEORIGIN');
  });
});
