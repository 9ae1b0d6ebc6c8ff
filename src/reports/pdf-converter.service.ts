/**
 * Documents as PDF, converted by LibreOffice when it is installed: headless, one conversion at a
 * time (LibreOffice runs one instance per profile, and a conversion is heavy), each with a timeout,
 * in a profile and a folder of its own that are removed afterwards. Without LibreOffice (or without
 * the part a document needs: Calc for workbooks, Writer for Word files) the PDF is refused with 501
 * and what to install.
 */
import { spawn } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppException } from '../common/app-exception.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';

/** What each kind of document needs of LibreOffice, and the Debian package that brings it. */
const PARTS = {
  xlsx: { library: 'libsclo.so', packageName: 'libreoffice-calc-nogui' },
  docx: { library: 'libswlo.so', packageName: 'libreoffice-writer-nogui' },
} as const;
export type PdfSource = keyof typeof PARTS;

/** Longest a conversion may take before it is stopped. */
export const PDF_TIMEOUT_MS = 90_000;

/** The soffice program: the configured path, else the first on PATH; null when there is none. */
export function findSoffice(configured: string | undefined, searchPath = process.env.PATH ?? ''): string | null {
  if (configured !== undefined) return existsSync(configured) ? configured : null;
  for (const dir of searchPath.split(path.delimiter)) {
    const candidate = path.join(dir, 'soffice');
    if (dir !== '' && existsSync(candidate)) return candidate;
  }
  return null;
}

@Injectable()
export class PdfConverterService {
  private readonly logger = new Logger(PdfConverterService.name);
  /** The conversions wait for each other: one LibreOffice at a time. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Why a document of this kind cannot be converted here, or null when it can. */
  missing(source: PdfSource): string | null {
    const soffice = findSoffice(this.config.libreOffice);
    const part = PARTS[source];
    if (soffice === null) {
      return (
        'Máy chủ chưa cài LibreOffice nên chưa xuất được PDF. Quản trị cài gói ' +
        `${PARTS.xlsx.packageName} và ${PARTS.docx.packageName} (apt-get install), rồi thử lại; ` +
        'trong lúc chờ, hãy tải bản .docx hoặc .xlsx rồi in.'
      );
    }
    // soffice is usually a link into LibreOffice's program folder, beside its libraries.
    const program = path.dirname(resolveLink(soffice));
    if (!existsSync(path.join(program, part.library))) {
      return (
        `LibreOffice trên máy chủ thiếu phần cần cho tệp .${source}: quản trị cài gói ${part.packageName} ` +
        '(apt-get install), rồi thử lại.'
      );
    }
    return null;
  }

  /** 501 PDF_UNAVAILABLE when LibreOffice cannot convert this kind of document here. */
  assertAvailable(source: PdfSource): void {
    const problem = this.missing(source);
    if (problem !== null) throw new AppException('PDF_UNAVAILABLE', problem);
  }

  /** The document as PDF (501 PDF_UNAVAILABLE when LibreOffice cannot convert it here). */
  async convert(source: PdfSource, content: Buffer): Promise<Buffer> {
    this.assertAvailable(source);
    const run = this.queue.then(() => this.convertNow(source, content));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async convertNow(source: PdfSource, content: Buffer): Promise<Buffer> {
    const soffice = findSoffice(this.config.libreOffice) as string;
    const dir = await mkdtemp(path.join(os.tmpdir(), 'thidua-pdf-'));
    try {
      const input = path.join(dir, `document.${source}`);
      await writeFile(input, content);
      const args = [
        `-env:UserInstallation=${pathToFileURL(path.join(dir, 'profile')).href}`,
        '--headless',
        '--norestore',
        '--convert-to',
        'pdf',
        '--outdir',
        dir,
        input,
      ];
      await runProcess(soffice, args, this.config.pdfTimeoutMs ?? PDF_TIMEOUT_MS);
      const output = path.join(dir, 'document.pdf');
      if (!existsSync(output)) throw new Error('LibreOffice did not write the PDF');
      return await readFile(output);
    } catch (error) {
      this.logger.error(`PDF conversion failed: ${error instanceof Error ? error.message : String(error)}`);
      throw new AppException(
        'PDF_CONVERSION_FAILED',
        'Không chuyển được văn bản sang PDF lần này; hãy thử lại sau ít phút, hoặc tải bản .docx, .xlsx rồi in.',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

function resolveLink(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

/** Runs a program to its end; past the timeout its whole process group is stopped. */
function runProcess(command: string, args: readonly string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-2000);
    });
    const timer = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      reject(new Error(`LibreOffice took longer than ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`LibreOffice exited with ${code}: ${stderr.trim()}`));
    });
  });
}
