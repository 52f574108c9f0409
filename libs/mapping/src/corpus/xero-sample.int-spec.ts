// A sample of the corpus posted to the Xero sandbox through our Xero connector (real PostgreSQL,
// Redis, HTTP): one organisation per region (NZ, AU, UK, US), its customer and the corpus items
// created first, then each sampled X3 document mapped with the region's starter template and
// written in batches; Xero's own SubTotal, TotalTax and Total read back equal X3's to the cent,
// and its base amount (Total / CurrencyRate) X3's ledger amount wherever a 6-dp rate can express it.
// JPY is in the sample through the UK organisation, which enables it.
import { randomUUID } from 'node:crypto';
import { createTenant, requireEnv } from '#lb/testing';
import { harness, Harness, REDIRECT } from '../../../connectors/xero/test/connector-harness';
import {
  consent,
  json,
  SandboxOrg,
  startSandboxProcess,
  SandboxProcess,
} from '../../../connectors/xero/test/sandbox-process';
import type { XeroConnector } from '../../../connectors/xero/src/xero-connector';
import { X3_ADAPTERS } from '../adapters/x3';
import { XERO_ADAPTERS } from '../adapters/xero';
import { compileMapping, runMapping } from '../engine';
import { REGION_FACTS, StarterRegion } from '../templates';
import { starterTemplate } from '../templates/starter-templates';
import { baseExpressibility } from './base-expressibility';
import { CORPUS_COMPANIES, CORPUS_PRODUCTS } from './corpus-reference';
import { X3Dec } from './x3-arithmetic';
import { CorpusDocument, corpusDocument } from './x3-invoice-corpus';

const SAMPLE = 50;
/** Currencies each sandbox organisation has enabled (its base and two others). */
const ENABLED: Record<StarterRegion, string[]> = {
  NZ: ['NZD', 'AUD', 'USD'],
  AU: ['AUD', 'NZD', 'USD'],
  UK: ['GBP', 'EUR', 'USD', 'JPY'],
  US: ['USD', 'CAD', 'EUR'],
};
const COUNTRY: Record<StarterRegion, string> = { NZ: 'NZ', AU: 'AU', UK: 'UK', US: 'US' };
const REGION_OF: Record<string, StarterRegion> = { NZ10: 'NZ', AU10: 'AU', GB10: 'UK', US10: 'US' };

type Row = Record<string, unknown>;
const num = (row: Row, camel: string) => String(row[camel] ?? row[camel[0].toUpperCase() + camel.slice(1)]);

const FOREIGN = 20;

/** The first corpus documents a sandbox organisation can take: FOREIGN in a foreign currency, the rest in its base. */
function sample(): CorpusDocument[] {
  const foreign: CorpusDocument[] = [];
  const domestic: CorpusDocument[] = [];
  for (let i = 0; foreign.length < FOREIGN || domestic.length < SAMPLE - FOREIGN; i++) {
    const doc = corpusDocument(i, { companies: Object.keys(REGION_OF), foreignShare: 0.5 });
    if (!ENABLED[REGION_OF[String(doc.record.company)]].includes(doc.expected.currency)) continue;
    const list = doc.expected.currency === doc.expected.ledgerCurrency ? domestic : foreign;
    if (list.length < (list === foreign ? FOREIGN : SAMPLE - FOREIGN)) list.push(doc);
  }
  return [...foreign, ...domestic];
}

async function connectedOrg(h: Harness, url: string, c: XeroConnector, region: StarterRegion) {
  const r = await json(`${url}/xero-control/organisations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userEmail: `corpus-${randomUUID().slice(0, 8)}@example.test`, country: COUNTRY[region] }),
  });
  if (r.status !== 201) throw new Error(`create ${region} organisation: ${r.status} ${JSON.stringify(r.body)}`);
  const org = r.body as SandboxOrg;
  const tenantId = await createTenant(h.tx);
  const state = randomUUID();
  const consentUrl = await c.identity.consentUrl({ redirectUri: REDIRECT, scopes: c.settings.scopes, state });
  const back = await consent(consentUrl, url, org, [org.tenantId]);
  const result = await c.grants.completeAuthorisation(tenantId, null, {
    params: back.searchParams,
    expectedState: state,
  });
  const connectionId = result.connections[0].id;
  return { tenantId, connectionId, org: await c.orgs.forConnection(tenantId, connectionId) };
}

describe('a corpus sample posted to the Xero sandbox through the connector', () => {
  let sb: SandboxProcess;
  let h: Harness;

  beforeAll(async () => {
    sb = await startSandboxProcess({ SANDBOX_DATABASE_URL: requireEnv('SANDBOX_DATABASE_URL') });
    h = await harness(sb.url);
  });
  afterAll(async () => {
    await h?.close();
    await sb?.stop();
  });

  it("reads back Xero's computed totals equal to X3's, and the base amount wherever a 6-dp rate can express it", async () => {
    const c = h.connector();
    const docs = sample();
    expect(docs.some((d) => d.expected.currency !== d.expected.ledgerCurrency)).toBe(true);
    expect(docs.some((d) => d.expected.currency === 'JPY')).toBe(true);
    expect(docs.some((d) => d.expected.priceBasis === 'includingTax')).toBe(true);
    expect(docs.some((d) => d.kind === 'creditMemo')).toBe(true);
    const mismatches: string[] = [];
    let baseChecked = 0;
    for (const region of Object.values(REGION_OF)) {
      const mine = docs.filter((d) => REGION_OF[String(d.record.company)] === region);
      if (mine.length === 0) continue;
      const facts = REGION_FACTS[region];
      const { tenantId, connectionId, org } = await connectedOrg(h, sb.url, c, region);
      const write = async (entity: string, records: Row[]) => {
        const batch = await c.batches.prepare(tenantId, connectionId, entity, 'create', records);
        const result = await c.batches.send(org, batch);
        const failed = result.outcomes.filter((o) => o.status !== 'ok');
        expect({ entity, failed }).toEqual({ entity, failed: [] });
        return result.outcomes.map((o) => o.xeroId!);
      };
      const company = CORPUS_COMPANIES.find((k) => k.company === facts.x3Company)!;
      await write('contacts', [{ name: `Corpus customer ${company.customer}`, contactNumber: company.customer }]);
      await write(
        'items',
        CORPUS_PRODUCTS.map(([code]) => ({ code, name: `Corpus item ${code}` })),
      );
      const context = {
        adapters: { x3: X3_ADAPTERS, xero: XERO_ADAPTERS },
        adapterContext: { baseCurrency: facts.baseCurrency, x3Company: facts.x3Company },
      };
      for (const kind of ['invoice', 'creditMemo'] as const) {
        const batch = mine.filter((d) => d.kind === kind);
        if (batch.length === 0) continue;
        const compiled = compileMapping(starterTemplate(region, kind === 'invoice' ? 'invoice' : 'creditNote'));
        const payloads: Row[] = [];
        for (const doc of batch) {
          const outcome = await runMapping(compiled, doc.record, context);
          if (outcome.kind !== 'mapped') throw new Error(`#${doc.index} ${outcome.kind}: ${JSON.stringify(outcome)}`);
          payloads.push(outcome.payload);
        }
        const entity = kind === 'invoice' ? 'invoices' : 'creditNotes';
        const ids = await write(entity, payloads);
        for (const [i, doc] of batch.entries()) {
          const row = (await c.reads.get(org, entity, ids[i]))!;
          const got = ['subTotal', 'totalTax', 'total'].map((f) => num(row, f));
          const want = [doc.expected.subTotal, doc.expected.totalTax, doc.expected.total];
          if (!got.every((g, k) => new X3Dec(g).equals(want[k])))
            mismatches.push(
              `#${doc.index} ${region} ${doc.expected.currency}: X3 ${want.join('/')}, Xero ${got.join('/')}`,
            );
          if (doc.expected.currency === doc.expected.ledgerCurrency) continue;
          const { total, ledgerTotal, ledgerDecimals } = doc.expected;
          if (!baseExpressibility(total, ledgerTotal, ledgerDecimals).expressible) continue;
          baseChecked++;
          const base = new X3Dec(num(row, 'total')).div(num(row, 'currencyRate')).toDecimalPlaces(ledgerDecimals);
          if (!base.equals(ledgerTotal))
            mismatches.push(`#${doc.index} base: X3 ${ledgerTotal}, Xero ${base.toFixed(ledgerDecimals)}`);
        }
      }
    }
    console.log(
      `posted ${docs.length} corpus documents (${FOREIGN} foreign, ` +
        `${docs.filter((d) => d.expected.priceBasis === 'includingTax').length} tax-inclusive, ` +
        `${docs.filter((d) => d.kind === 'creditMemo').length} credit notes); ` +
        `${baseChecked} foreign ones have a base amount a 6-dp rate can express and were checked`,
    );
    expect(mismatches).toEqual([]);
    expect(baseChecked).toBeGreaterThanOrEqual(5);
  });
});
