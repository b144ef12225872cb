// The signer against Tencent Cloud's published signature-v3 worked example
// (CVM DescribeInstances, https://cloud.tencent.com/document/api/213/30654).
// The doc masks the secret as "Gu5t9xGARNpq86cd98joQYCN3*******" and
// publishes the signature computed with that literal string.
import { describe, expect, it } from 'vitest';
import { signTc3 } from '../../../src/providers/native/tc3.js';

const example = {
  secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******',
  secretKey: 'Gu5t9xGARNpq86cd98joQYCN3*******',
  service: 'cvm',
  host: 'cvm.tencentcloudapi.com',
  contentType: 'application/json; charset=utf-8',
  payload: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
  timestamp: 1551113065,
};

describe('signTc3', () => {
  it('reproduces the published canonical request, string to sign and signature', () => {
    const s = signTc3(example);
    expect(s.canonicalRequest).toBe(
      'POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\n35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064',
    );
    expect(s.stringToSign).toBe('TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031');
    expect(s.signature).toBe('2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c');
    expect(s.authorization).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c',
    );
  });

  it('changes with the payload and the secret', () => {
    const base = signTc3(example).signature;
    expect(signTc3({ ...example, payload: '{"Limit": 2}' }).signature).not.toBe(base);
    expect(signTc3({ ...example, secretKey: 'other' }).signature).not.toBe(base);
  });
});
