// Files the SPA hands the browser, read back as a user's spreadsheet or viewer would.
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { Download, Page } from 'playwright-core';
import { STEP_TIMEOUT } from './spa-world';

export type CsvRow = Record<string, string>;

/** What the browser saved, as bytes. */
async function saved(download: Download): Promise<Buffer> {
  return readFile(await download.path());
}

/** Clicks the button and takes the file the browser downloads. */
export async function downloadBy(page: Page, button: string): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: STEP_TIMEOUT }),
    page.getByRole('button', { name: button }).click(),
  ]);
  return { name: download.suggestedFilename(), bytes: await saved(download) };
}

/** A CSV file's rows by header (a BOM allowed, as Excel writes one). */
export const csvRows = (bytes: Uint8Array): CsvRow[] =>
  parse<CsvRow>(Buffer.from(bytes).toString('utf8'), { columns: true, bom: true });
