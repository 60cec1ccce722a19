import { describe, expect, it } from 'vitest';
import { parseIni } from '../src/ini-parser.js';
import { writeIni } from '../src/ini-writer.js';

describe('parseIni', () => {
  it('reads Name = Value lines, canonical names whatever the case, and ignores unknown names', () => {
    const parsed = parseIni('aupdverifycertificates = 1\nHTTPSREQUIRECLIENTCERTIFICATE=0\nSomethingElse = 7\n');
    expect(parsed.parameters).toEqual({ AUPDVerifyCertificates: '1', HTTPSRequireClientCertificate: '0' });
    expect(parsed.ignored).toEqual(['SomethingElse']);
    expect(parsed.badLines).toEqual([]);
  });

  it('strips ; comments but not a ; inside single quotes, and unquotes values', () => {
    const parsed = parseIni(
      "; a comment line\nIniFileURL = 'https://ovoc.example/a;b.ini' ; trailing comment\nQOEEnableTLS = 1;\n",
    );
    expect(parsed.parameters).toEqual({ IniFileURL: 'https://ovoc.example/a;b.ini', QOEEnableTLS: '1' });
  });

  it('accepts optional sections, CRLF line ends and a BOM', () => {
    const parsed = parseIni(
      "\uFEFF[SYSTEM Params]\r\nServerRespondTimeout = 10000\r\n[WEB Params]\r\nTLSPkeyPassphrase = 'p w'\r\n",
    );
    expect(parsed.parameters).toEqual({ ServerRespondTimeout: '10000', TLSPkeyPassphrase: 'p w' });
    expect(parsed.tables).toEqual([]);
  });

  it('reads a table with the 7.4 FORMAT Index = Name style', () => {
    const parsed = parseIni(
      '[ TLSContexts ]\nFORMAT Index = Name, TLSVersion;\nTLSContexts 0 = "default", 0;\nTLSContexts 3 = "OVOC, mutual", 4;\n[ \\TLSContexts ]\nAUPDVerifyCertificates = 1\n',
    );
    expect(parsed.tables).toEqual([
      {
        name: 'TLSContexts',
        rows: [
          { index: 0, values: { Name: 'default', TLSVersion: '0' } },
          { index: 3, values: { Name: 'OVOC, mutual', TLSVersion: '4' } },
        ],
      },
    ]);
    expect(parsed.parameters).toEqual({ AUPDVerifyCertificates: '1' });
  });

  it('reads the older FORMAT TLSContexts_Index = TLSContexts_Name style to the same columns', () => {
    const parsed = parseIni(
      "[ TLSContexts ]\nFORMAT TLSContexts_Index = TLSContexts_Name, TLSContexts_TLSVersion;\ntlscontexts 1 = 'second', 0;\n[ \\TLSContexts ]\n",
    );
    expect(parsed.tables[0]?.rows).toEqual([{ index: 1, values: { Name: 'second', TLSVersion: '0' } }]);
  });

  it('reports lines that are neither comments, sections, parameters nor table rows', () => {
    const parsed = parseIni('AUPDVerifyCertificates = 1\nthis is not ini\n= 3\n');
    expect(parsed.badLines).toEqual([2, 3]);
  });

  it('reads back what writeIni writes, in both FORMAT styles', () => {
    const configuration = {
      parameters: { AUPDVerifyCertificates: '1', IniFileURL: 'https://x.example/a.ini' },
      tlsContexts: { 0: { name: 'default', certificatePem: '', privateKeyPem: '', trustedRootsPem: ['a', 'b'] } },
    };
    for (const format of ['index', 'prefixed'] as const) {
      const text = writeIni(configuration, format);
      expect(text).toContain(
        format === 'index' ? 'FORMAT Index = Name' : 'FORMAT TLSContexts_Index = TLSContexts_Name',
      );
      const parsed = parseIni(text);
      expect(parsed.badLines).toEqual([]);
      expect(parsed.parameters).toEqual(configuration.parameters);
      expect(parsed.tables[0]?.rows).toEqual([
        { index: 0, values: { Name: 'default', TLSVersion: '0', TrustedRootCount: '2' } },
      ]);
    }
  });
});

describe('the ini reader is linear in its input', () => {
  // Before: a section regular expression with adjacent optional spaces took ~38 s on this 502-byte line (the
  // device refused nothing meanwhile). The test checks the answer; the input is large enough that the old
  // reader would run past the test's timeout.
  it('reads a bracket line of thousands of spaces at once, as a bad line or as a section', () => {
    const spaces = ' '.repeat(20_000);
    expect(parseIni(`[${' '.repeat(500)}x`).badLines).toEqual([1]);
    expect(parseIni(`[${spaces}x\n[${spaces}]x\n`).badLines).toEqual([1, 2]);
    const parsed = parseIni(
      `[${spaces}SYSTEM Params${spaces}]\nAUPDVerifyCertificates = 1\n[${spaces}\\${spaces}x${spaces}]\n`,
    );
    expect(parsed.badLines).toEqual([]);
    expect(parsed.parameters).toEqual({ AUPDVerifyCertificates: '1' });
  });
});

describe('table names are compared as text', () => {
  // Before: the reader built a regular expression from the table's name; 60,000 characters (or
  // 30,000 dots, escaped) made it "Regular expression too large" and the simulator dropped the request.
  it('reads a table whose name is 100,000 characters, dots and brackets included', () => {
    const name = `T.(${'x.'.repeat(50_000)})*`;
    const parsed = parseIni(
      `[ ${name} ]\nFORMAT ${name}_Index = ${name}_Name;\n${name.toLowerCase()} 7 = "seven";\n[ \\${name} ]\n`,
    );
    expect(parsed.badLines).toEqual([]);
    expect(parsed.tables).toEqual([{ name, rows: [{ index: 7, values: { Name: 'seven' } }] }]);
  });

  it('takes a name with regular-expression characters literally', () => {
    const parsed = parseIni('[ T.+ ]\nFORMAT Index = Name;\nTxx 1 = "a";\nT.+ 2 = "b";\n[ \\T.+ ]\n');
    expect(parsed.tables[0]?.rows).toEqual([{ index: 2, values: { Name: 'b' } }]);
    expect(parsed.badLines).toEqual([3]);
  });
});
