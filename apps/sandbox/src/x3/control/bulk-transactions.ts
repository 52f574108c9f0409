import { BadRequestException, UnprocessableEntityException } from '@nestjs/common';
import { PoolClient } from 'pg';
import { SandboxDatabase } from '../../db/sandbox-database';
import { Row, X3BusinessError, getRow, text } from '../domain/store';

/** Documents per transaction: each chunk commits on its own, so a poller sees the volume arrive. */
export const BULK_CHUNK = 250;

/** One transaction of business code: X3's refusal answers 422 with its message, as a single record's would. */
export async function businessTransaction<T>(
  db: SandboxDatabase,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  try {
    return await db.transaction(work);
  } catch (error) {
    if (error instanceof X3BusinessError) throw new UnprocessableEntityException({ message: error.message });
    throw error;
  }
}

/** Makes `total` records (numbered from 0), BULK_CHUNK per transaction; their ids in order. */
export async function inChunks(
  db: SandboxDatabase,
  total: number,
  make: (client: PoolClient, n: number) => Promise<string>,
): Promise<string[]> {
  const ids: string[] = [];
  for (let done = 0; done < total; done += BULK_CHUNK) {
    const end = Math.min(total, done + BULK_CHUNK);
    ids.push(
      ...(await businessTransaction(db, async (client) => {
        const made: string[] = [];
        for (let n = done; n < end; n++) made.push(await make(client, n));
        return made;
      })),
    );
  }
  return ids;
}

/** Makes `total` partners, BULK_CHUNK per transaction (`make` makes `count` of them); their codes in order. */
export async function partnersInChunks(
  db: SandboxDatabase,
  total: number,
  make: (client: PoolClient, count: number) => Promise<string[]>,
): Promise<string[]> {
  const codes: string[] = [];
  for (let done = 0; done < total; done += BULK_CHUNK) {
    const count = Math.min(BULK_CHUNK, total - done);
    codes.push(...(await businessTransaction(db, (client) => make(client, count))));
  }
  return codes;
}

/** Reserves `count` numbers of the folder's sequence `prefix`; the first of them. */
export async function reserveNumbers(
  client: PoolClient,
  folder: string,
  prefix: string,
  count: number,
): Promise<number> {
  const { rows } = await client.query<{ first: string }>(
    `INSERT INTO x3_sequences (folder, prefix, next_value) VALUES ($1, $2, $3 + 1)
     ON CONFLICT (folder, prefix) DO UPDATE SET next_value = x3_sequences.next_value + $3
     RETURNING next_value - $3 AS first`,
    [folder, prefix, count],
  );
  return Number(rows[0].first);
}

/** The site and its legal company (400 when the site does not exist); the company may be missing. */
export async function siteCompany(
  client: PoolClient,
  folder: string,
  site: string,
): Promise<{ siteRow: Row; company: Row | null; legislation: string }> {
  const siteRow = await getRow(client, 'site', folder, site);
  if (!siteRow) throw new BadRequestException(`site ${site} does not exist`);
  const company = await getRow(client, 'company', folder, text(siteRow.legalCompany));
  return { siteRow, company, legislation: text(company?.legislation) };
}
