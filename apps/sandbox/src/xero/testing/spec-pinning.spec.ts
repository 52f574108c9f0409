import { readFileSync } from 'node:fs';
import { SPEC_DIR, SpecFile, checkPinned, pinnedSpecText, recordedHash } from './vendored-specs';
import { undeclaredStatus } from './spec-validator';

const FILES: SpecFile[] = ['xero_accounting.yaml', 'xero-identity.yaml', 'xero-webhooks.yaml', 'xero-app-store.yaml'];

describe('vendored Xero specs are pinned by SHA-256', () => {
  const sourceMd = readFileSync(`${SPEC_DIR}/SOURCE.md`, 'utf8');

  it('SOURCE.md records a hash for every vendored file, and each file matches it', () => {
    for (const file of FILES) {
      expect({ file, hash: recordedHash(sourceMd, file) }).toEqual({
        file,
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(() => pinnedSpecText(file)).not.toThrow();
    }
  });

  it('refuses a spec that differs by one byte, or one SOURCE.md does not record', () => {
    const text = readFileSync(`${SPEC_DIR}/xero-identity.yaml`);
    const edited = Buffer.from(text);
    edited[edited.length - 2] ^= 1;
    expect(() => checkPinned('xero-identity.yaml', text, sourceMd)).not.toThrow();
    expect(() => checkPinned('xero-identity.yaml', edited, sourceMd)).toThrow(/is not the vendored spec/);
    expect(() => checkPinned('other.yaml', text, sourceMd)).toThrow(/records no SHA-256/);
  });
});

describe('statuses the spec does not declare', () => {
  it('are violations unless declared, covered by default/NXX, or on the reviewed list', () => {
    expect(undeclaredStatus('getAccounts', ['200'], 200)).toBeUndefined();
    expect(undeclaredStatus('getAccounts', ['200'], 500)).toEqual(
      expect.objectContaining({ operationId: 'getAccounts', where: 'status', status: 500 }),
    );
    expect(undeclaredStatus('getAccounts', ['200', 'default'], 500)).toBeUndefined();
    expect(undeclaredStatus('getAccounts', ['200', '5XX'], 503)).toBeUndefined();
    expect(undeclaredStatus('getInvoice', ['200'], 404)).toBeUndefined();
    expect(undeclaredStatus('getInvoices', ['200'], 404)).toBeDefined();
  });

  it('every reviewed entry says why', () => {
    const reviewed = JSON.parse(readFileSync(`${__dirname}/reviewed-undeclared-statuses.json`, 'utf8')) as {
      reason?: string;
    }[];
    expect(reviewed.length).toBeGreaterThan(0);
    for (const r of reviewed) expect(r.reason?.length ?? 0).toBeGreaterThan(20);
  });
});
