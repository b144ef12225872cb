import { describe, expect, it } from 'vitest';
import { classifyVendorError, parseErrorBody, retryAfterMs, statusOf, vendorError } from '../../src/providers/classify.js';

describe('retryAfterMs', () => {
  it('reads seconds, an HTTP date and retry-after-ms', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(retryAfterMs({ 'retry-after': '3' }, now)).toBe(3000);
    expect(retryAfterMs({ 'retry-after': '0.5' }, now)).toBe(500);
    expect(retryAfterMs({ 'retry-after': 'Wed, 01 Jan 2025 00:00:07 GMT' }, now)).toBe(7000);
    expect(retryAfterMs({ 'retry-after': 'Tue, 31 Dec 2024 23:00:00 GMT' }, now)).toBe(0);
    expect(retryAfterMs({ 'retry-after-ms': '250', 'retry-after': '9' }, now)).toBe(250);
    expect(retryAfterMs({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(retryAfterMs({}, now)).toBeUndefined();
  });
});

describe('statusOf', () => {
  it('maps HTTP statuses', () => {
    expect([429, 500, 503, 401, 403, 400, 404, 422].map(statusOf)).toEqual(['rate_limited', 'server_error', 'server_error', 'auth', 'auth', 'bad_request', 'bad_request', 'bad_request']);
  });
});

describe('vendorError', () => {
  it('reads the common error shapes and nothing from a success body', () => {
    expect(vendorError({ error: { code: 'data_inspection_failed', message: 'm', type: 'data_inspection_failed' } })).toEqual({ code: 'data_inspection_failed', message: 'm' });
    expect(vendorError({ error: { type: 'content_filter', message: 'high risk' } })).toEqual({ code: 'content_filter', message: 'high risk' });
    expect(vendorError({ error: { code: 1301, message: '敏感' } })).toEqual({ code: '1301', message: '敏感' });
    expect(vendorError({ code: 'DataInspectionFailed', message: 'x', request_id: 'r' })).toEqual({ code: 'DataInspectionFailed', message: 'x' });
    expect(vendorError({ base_resp: { status_code: 1027, status_msg: 'output sensitive' } })).toEqual({ code: '1027', message: 'output sensitive' });
    expect(vendorError({ base_resp: { status_code: 0, status_msg: '' }, choices: [] })).toBeUndefined();
    expect(vendorError({ choices: [{ message: { content: 'hi' } }] })).toBeUndefined();
    expect(parseErrorBody('<html>502 Bad Gateway</html>')).toEqual({ message: '<html>502 Bad Gateway</html>' });
  });
});

describe('classifyVendorError', () => {
  const signals = { codes: ['1301'], codeMatch: /SensitiveContentDetected/, messages: /敏感/ };
  it('content filter wins over the HTTP status and keeps the vendor code', () => {
    expect(classifyVendorError(400, { code: '1301', message: 'm' }, {}, signals)).toMatchObject({ status: 'content_filtered', error: { code: '1301', httpStatus: 400 } });
    expect(classifyVendorError(400, { code: 'SensitiveContentDetected.Violence', message: 'm' }, {}, signals).status).toBe('content_filtered');
    expect(classifyVendorError(200, { code: '500', message: '内容敏感' }, {}, signals)).toMatchObject({ status: 'content_filtered', error: { code: '500' } });
  });
  it('then the code map, then the HTTP status; 200 with an error is a server error', () => {
    expect(classifyVendorError(400, { code: '1113', message: 'arrears' }, {}, signals, { '1113': 'auth' }).status).toBe('auth');
    expect(classifyVendorError(429, { code: 'x' }, { 'retry-after': '2' }, signals)).toMatchObject({ status: 'rate_limited', error: { retryAfterMs: 2000 } });
    expect(classifyVendorError(200, { code: 'oops', message: 'm' }, {}, signals).status).toBe('server_error');
    expect(classifyVendorError(404, undefined, {}).error.message).toBe('HTTP 404');
  });
});
