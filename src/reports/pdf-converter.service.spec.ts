import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import type { AppConfig } from '../config/app-config.js';
import { findSoffice, PdfConverterService } from './pdf-converter.service.js';

describe('findSoffice', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'thidua-soffice-'));
  const program = path.join(dir, 'soffice');
  writeFileSync(program, '');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['the configured path when it exists', program, '', program],
    ['nothing when the configured path does not exist (PATH is not searched)', path.join(dir, 'none'), dir, null],
    ['the first soffice on PATH', undefined, ['/nonexistent', dir].join(path.delimiter), program],
    ['nothing when PATH has none', undefined, '/nonexistent', null],
    ['nothing for an empty PATH entry', undefined, '', null],
  ])('%s', (_what, configured, searchPath, expected) => expect(findSoffice(configured, searchPath)).toBe(expected));
});

describe('PdfConverterService with a stand-in soffice', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'thidua-fake-office-'));
  const log = path.join(dir, 'log');
  const soffice = path.join(dir, 'soffice');
  // Writes "start"/"end" around a pause and the PDF into --outdir; "slow" in the input sleeps past any timeout.
  writeFileSync(
    soffice,
    [
      '#!/bin/sh',
      'for a in "$@"; do prev="$cur"; cur="$a"; [ "$prev" = "--outdir" ] && out="$a"; done',
      `echo start >> ${log}`,
      'if grep -q slow "$cur"; then sleep 5; fi',
      'sleep 0.2',
      'printf "%%PDF-1.4 %s" "$(cat "$cur")" > "$out/document.pdf"',
      `echo end >> ${log}`,
      `echo "$out" >> ${log}.dirs`,
    ].join('\n'),
    { mode: 0o755 },
  );
  for (const library of ['libsclo.so', 'libswlo.so']) writeFileSync(path.join(dir, library), '');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const converter = (timeoutMs = 10_000): PdfConverterService =>
    new PdfConverterService({ libreOffice: soffice, pdfTimeoutMs: timeoutMs } as AppConfig);

  it('converts one document at a time, in order, and leaves no temporary folder', async () => {
    rmSync(log, { force: true });
    const service = converter();
    const results = await Promise.all(['một', 'hai', 'ba'].map((text) => service.convert('docx', Buffer.from(text))));
    expect(results.map((pdf) => pdf.toString('utf8'))).toEqual(['%PDF-1.4 một', '%PDF-1.4 hai', '%PDF-1.4 ba']);
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual(['start', 'end', 'start', 'end', 'start', 'end']);
    const used = readFileSync(`${log}.dirs`, 'utf8').trim().split('\n');
    expect(used).toHaveLength(3);
    for (const folder of used) expect(existsSync(folder)).toBe(false);
  });

  it('stops a conversion past its timeout (503 PDF_CONVERSION_FAILED); the next one still runs', async () => {
    const service = converter(500);
    const slow = service.convert('xlsx', Buffer.from('slow'));
    const next = service.convert('xlsx', Buffer.from('nhanh'));
    await expect(slow).rejects.toMatchObject({ code: 'PDF_CONVERSION_FAILED' });
    await expect(next).resolves.toEqual(Buffer.from('%PDF-1.4 nhanh'));
  });

  it('without the Writer part a Word file is refused (501) naming the package; workbooks still convert', () => {
    rmSync(path.join(dir, 'libswlo.so'));
    try {
      const service = converter();
      expect(() => service.assertAvailable('docx')).toThrow(/libreoffice-writer-nogui/);
      expect(() => service.assertAvailable('xlsx')).not.toThrow();
    } finally {
      writeFileSync(path.join(dir, 'libswlo.so'), '');
    }
  });
});
