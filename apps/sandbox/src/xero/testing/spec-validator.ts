// Validates recorded exchanges against Xero's official OpenAPI files with openapi-backend.
//
// Validator configuration and why:
// - The spec's `servers` base (https://api.xero.com/api.xro/2.0) is stripped: paths are matched
//   relative to it, as the sandbox serves them under /api.xro/2.0.
// - ajv runs with `strict: false` (the spec uses vendor keywords: x-is-msdate, x-is-money,
//   x-enum-varnames) and ajv-formats, so uuid/date-time/date formats are really checked;
//   `format: double`/`int32`/`int64` are annotations, registered as always valid. date-time
//   accepts a missing zone, as Xero's own examples (connections' createdDateUtc) have none. Dates in the Accounting spec are plain strings (/Date(ms+0000)/), so no
//   date-format quirk needs a workaround.
// - openapi-backend (and yaml) are loaded with Node's own require: a dependency of theirs is ESM,
//   which jest on Node 20 cannot load; values crossing into them are copied into their realm.
// - Two spec quirks: xero-identity.yaml spells the path `/Connections` while Xero serves (and
//   xero-node calls) `/connections`, so callers may rewrite the path before matching; and
//   xero_accounting.yaml has two templates of one shape (`/Contacts/{ContactID}` and
//   `/Contacts/{ContactNumber}`), so an exchange is validated against the operation the client
//   meant (`prefer`) when several operations match.
// - openapi-backend validates a response only against a status code the operation declares and
//   silently passes any other; so a status the spec does not declare for the operation is a
//   violation here, unless reviewed-undeclared-statuses.json lists it with the reason.
// - Only the vendored files are read, and only when their SHA-256 matches SOURCE.md
//   (vendored-specs.ts).
import type Ajv from 'ajv';
import type OpenAPIBackendType from 'openapi-backend';
import { intoRealmOf, requireEsm } from '../core/esm';
import { Exchange } from './recording-proxy';
import reviewedStatuses from './reviewed-undeclared-statuses.json';
import { pinnedSpecText } from './vendored-specs';

export interface Violation {
  operationId: string;
  where: 'request' | 'response' | 'routing' | 'status';
  status?: number;
  errors: unknown;
}

/** A status Xero really answers that the spec leaves out for an operation, with why it is accepted. */
export interface ReviewedStatus {
  operationId: string;
  status: number;
  reason: string;
}

export const REVIEWED_UNDECLARED_STATUSES: readonly ReviewedStatus[] = reviewedStatuses;

type OpenAPIBackend = OpenAPIBackendType;

export async function loadValidator(file: 'xero_accounting.yaml' | 'xero-identity.yaml'): Promise<OpenAPIBackend> {
  const { parse } = requireEsm<{ parse: (s: string) => unknown }>('yaml');
  const Backend = requireEsm<{ default: typeof OpenAPIBackendType }>('openapi-backend').default;
  const addFormats = requireEsm<{ default: (ajv: unknown) => unknown }>('ajv-formats').default;
  const definition = parse(pinnedSpecText(file)) as never;
  const api = new Backend(
    intoRealmOf(Backend, {
      definition,
      strict: false,
      validate: true,
      quick: true,
      ajvOpts: { strict: false, validateFormats: true },
      // Real format checks (uuid, date-time, date, uri …) from ajv-formats; the spec's numeric
      // `double`/`int32`/`int64` are annotations and always pass.
      customizeAjv: (ajv: Ajv) => {
        addFormats(ajv);
        for (const f of ['double', 'int32', 'int64']) ajv.addFormat(f, true);
        // Xero's own examples (createdDateUtc "2019-12-07T18:46:19.5165400", webhook eventDateUtc)
        // carry no zone although the spec says date-time: a zone-less ISO timestamp is accepted.
        ajv.addFormat('date-time', (v: string) =>
          /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?$/i.test(v),
        );
        return ajv;
      },
    }),
  );
  await api.init();
  return api;
}

/** Returns every way an exchange disagrees with the spec; an empty list means it conforms. */
export function validateExchange(
  api: OpenAPIBackend,
  ex: Exchange,
  prefix: string,
  opts: { prefer?: string[]; rewritePath?: (p: string) => string } = {},
): { operationId?: string; violations: Violation[] } {
  const stripped = ex.path.startsWith(prefix) ? ex.path.slice(prefix.length) || '/' : ex.path;
  const path = opts.rewritePath ? opts.rewritePath(stripped) : stripped;
  const req = intoRealmOf(api.constructor, {
    method: ex.method.toLowerCase(),
    path,
    query: ex.query,
    headers: ex.requestHeaders,
    body: ex.requestBody ? JSON.parse(ex.requestBody) : undefined,
  });
  const candidates = api.getOperations().filter((op) => op.method === req.method && templateMatches(op.path, path));
  const operation = candidates.find((op) => opts.prefer?.includes(op.operationId!)) ?? api.matchOperation(req);
  if (!operation)
    return {
      violations: [{ operationId: '?', where: 'routing', errors: `${ex.method} ${path} matches no operation` }],
    };
  const operationId = operation.operationId!;
  const violations: Violation[] = [];
  const undeclared = undeclaredStatus(operationId, Object.keys(operation.responses ?? {}), ex.status);
  if (undeclared) violations.push(undeclared);
  const request = api.validateRequest(req, operation);
  if (!request.valid) violations.push({ operationId, where: 'request', errors: request.errors });
  // An empty body (204) is null to the validator.
  const body = intoRealmOf(api.constructor, ex.responseBody ? JSON.parse(ex.responseBody) : null);
  const response = api.validateResponse(body, operation, ex.status);
  if (!response.valid) violations.push({ operationId, where: 'response', status: ex.status, errors: response.errors });
  return { operationId, violations };
}

/** A status the operation does not declare (nor a default/range covers) and no review accepts. */
export function undeclaredStatus(
  operationId: string,
  declared: string[],
  status: number,
  reviewed: readonly ReviewedStatus[] = REVIEWED_UNDECLARED_STATUSES,
): Violation | undefined {
  const covered =
    declared.includes(String(status)) || declared.includes('default') || declared.includes(`${String(status)[0]}XX`);
  if (covered || reviewed.some((r) => r.operationId === operationId && r.status === status)) return undefined;
  return {
    operationId,
    where: 'status',
    status,
    errors: `status ${status} is not declared for ${operationId} (declared: ${declared.join(', ')})`,
  };
}

function templateMatches(template: string, path: string): boolean {
  const pattern = template
    .split('/')
    .map((seg) => (/^\{.+\}$/.test(seg) ? '[^/]+' : seg.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${pattern}$`).test(path);
}
