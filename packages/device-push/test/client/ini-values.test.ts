import { describe, expect, it } from 'vitest';
import { readIniParameters, readTlsContextTable } from '../../src/profiles/ini-values.js';

describe("the client's ini reader", () => {
  it('reads parameters in any case, quoted or not, with comments outside quotes removed; skips table rows', () => {
    const text = [
      ';comment',
      '[SYSTEM Params]',
      'aupdverifycertificates = 1 ; on',
      "IniFileURL = 'https://ovoc/x.ini;v=2'",
      '[ TLSContexts ]',
      'FORMAT TLSContexts_Index = TLSContexts_Name, TLSContexts_TLSVersion;',
      'TLSContexts 0 = "default", 0;',
      'TLSContexts 1 = "QoE", 0;',
      'AUPDVerifyCertificates = 7',
      '[ \\TLSContexts ]',
      "QoETLSContextName = 'QoE'",
    ].join('\r\n');
    expect(readIniParameters(text, ['AUPDVerifyCertificates', 'IniFileURL', 'QoETLSContextName', 'Missing'])).toEqual({
      AUPDVerifyCertificates: '1',
      IniFileURL: 'https://ovoc/x.ini;v=2',
      QoETLSContextName: 'QoE',
    });
    expect(readTlsContextTable(text)).toEqual([
      { id: 0, name: 'default' },
      { id: 1, name: 'QoE' },
    ]);
  });

  // Before: the section regular expression took ~0.4 s on 500 spaces, 5 s on 2,000 and 45 s on 4,000. The
  // answer is checked; the input is large enough that the old reader would run past the test's timeout.
  it('reads a bracket line of thousands of spaces at once', () => {
    const spaces = ' '.repeat(50_000);
    const text = `[${spaces}x\n[${spaces}]x\n[${spaces}SYSTEM Params${spaces}]\nAUPDVerifyCertificates = 1\n`;
    expect(readIniParameters(text, ['AUPDVerifyCertificates'])).toEqual({ AUPDVerifyCertificates: '1' });
  });
});
