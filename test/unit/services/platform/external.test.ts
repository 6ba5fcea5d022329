import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl } from '../../../../electron/services/platform/external';

describe('isAllowedExternalUrl', () => {
  it('allows https on MultiSafepay and the banks in scope', () => {
    expect(isAllowedExternalUrl('https://testpayv2.multisafepay.com/connect/82Az/?lang=nl_NL', null)).toBe(true);
    expect(isAllowedExternalUrl('https://payv2.multisafepay.com/connect/x', null)).toBe(true);
    expect(isAllowedExternalUrl('https://www.kbc.be/olpayment?x=1', null)).toBe(true);
    expect(isAllowedExternalUrl('https://homepay.ing.be/x', null)).toBe(true);
  });
  it('refuses other schemes, hosts, lookalikes, ports and credentials', () => {
    for (const url of [
      'http://payv2.multisafepay.com/x',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'smb://host/share',
      'https://multisafepay.com.evil.io/x',
      'https://evilmultisafepay.com/x',
      'https://payv2.multisafepay.com:8443/x',
      'https://user:pw@payv2.multisafepay.com/x',
      'not a url',
    ]) {
      expect(isAllowedExternalUrl(url, null), url).toBe(false);
    }
  });
  it('allows the demo payment page only while in Demo, and only its exact origin', () => {
    const demo = 'http://127.0.0.1:41234';
    expect(isAllowedExternalUrl('http://127.0.0.1:41234/connect/abc/', demo)).toBe(true);
    expect(isAllowedExternalUrl('http://127.0.0.1:41234/connect/abc/', null)).toBe(false);
    expect(isAllowedExternalUrl('http://127.0.0.1:9999/connect/abc/', demo)).toBe(false);
  });
  it('allows a mailto: draft to one plain address with only a subject and a body', () => {
    expect(isAllowedExternalUrl('mailto:anna@example.nl?subject=Betaallink&body=Beste%20Anna%2C%0Ahttps%3A%2F%2Fx', null)).toBe(true);
    expect(isAllowedExternalUrl('mailto:?subject=x&body=y', null)).toBe(true);
    expect(isAllowedExternalUrl('MAILTO:anna@example.nl', null)).toBe(true);
    for (const url of [
      'mailto:anna@example.nl,boss@example.nl',
      'mailto:anna@example.nl?bcc=spy@example.com',
      'mailto:anna@example.nl?cc=x@example.com&body=y',
      'mailto:anna@example.nl?attach=/etc/passwd',
      'mailto:anna%40example.nl',
      'mailto:not-an-address?body=x',
      'mailto:anna@example.nl#x',
    ]) {
      expect(isAllowedExternalUrl(url, null), url).toBe(false);
    }
  });
});
