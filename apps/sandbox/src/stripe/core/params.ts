import type { Request } from 'express';
import { invalid, missingParam } from './stripe-errors';

/** A decoded Stripe form: nested objects and arrays from `a[b][0]=c` keys. */
export type Params = Record<string, unknown>;

/**
 * Stripe's clients send bracketed form keys (`metadata[plan]=x`, `expand[0]=y`, `expand[]=y`) in
 * POST bodies and GET query strings alike; Express only decodes them in bodies, so this one parser
 * reads the query string the same way.
 */
export function parseForm(text: string): Params {
  const root: Params = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const parts = key.split('[').map((p, i) => (i === 0 ? p : p.replace(/\]$/, '')));
    let node: Params = root;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] === '' ? String(Object.keys(node).length) : parts[i];
      if (part === '__proto__' || part === 'constructor' || part === 'prototype') break;
      if (i === parts.length - 1) node[part] = value;
      else {
        const next = node[part];
        node[part] = next && typeof next === 'object' ? next : {};
        node = node[part] as Params;
      }
    }
  }
  return normaliseArrays(root) as Params;
}

/** Objects whose keys are 0..n-1 become arrays, as Stripe reads them. */
function normaliseArrays(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value;
  const obj = value as Params;
  const keys = Object.keys(obj);
  for (const k of keys) obj[k] = normaliseArrays(obj[k]);
  if (Array.isArray(value)) return value;
  if (keys.length > 0 && keys.every((k, i) => k === String(i))) return keys.map((k) => obj[k]);
  return obj;
}

/** The request's parameters: the form body of a POST, the query string otherwise. */
export function requestParams(req: Request): Params {
  if (req.method === 'POST') {
    const body: unknown = req.body;
    return body && typeof body === 'object' ? (normaliseArrays({ ...(body as Params) }) as Params) : {};
  }
  const q = req.originalUrl.indexOf('?');
  return q < 0 ? {} : parseForm(req.originalUrl.slice(q + 1));
}

export function optString(p: Params, name: string): string | undefined {
  const v = p[name];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string') throw invalid(`Invalid string: ${name}`, name);
  return v;
}

export function reqString(p: Params, name: string): string {
  const v = optString(p, name);
  if (v === undefined) throw missingParam(name);
  return v;
}

export function optInt(p: Params, name: string, min = 0, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const v = p[name];
  if (v === undefined || v === '') return undefined;
  const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw invalid(`Invalid integer: ${typeof v === 'string' ? v : typeof v}`, name);
  return n;
}

export function optBool(p: Params, name: string): boolean | undefined {
  const v = p[name];
  if (v === undefined || v === '') return undefined;
  if (v === 'true' || v === true) return true;
  if (v === 'false' || v === false) return false;
  throw invalid(`Invalid boolean: ${typeof v === 'string' ? v : typeof v}`, name);
}

export function optObject(p: Params, name: string): Params | undefined {
  const v = p[name];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw invalid(`Invalid hash`, name);
  return v as Params;
}

export function optArray(p: Params, name: string): unknown[] | undefined {
  const v = p[name];
  if (v === undefined || v === '') return undefined;
  if (!Array.isArray(v)) throw invalid(`Invalid array`, name);
  return v as unknown[];
}

export function stringArray(p: Params, name: string): string[] {
  const arr = optArray(p, name) ?? [];
  if (!arr.every((s) => typeof s === 'string')) throw invalid('Invalid array', name);
  return arr;
}

/**
 * Stripe metadata: up to 50 string keys of ≤ 40 characters, values ≤ 500; an empty string
 * unsets a key on update, and `metadata=` (empty) unsets them all.
 */
export function mergeMetadata(current: Record<string, string>, p: Params): Record<string, string> {
  const v = p.metadata;
  if (v === undefined) return current;
  if (v === '') return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw invalid('Invalid hash', 'metadata');
  const out = { ...current };
  for (const [k, val] of Object.entries(v as Params)) {
    if (typeof val !== 'string') throw invalid('Invalid metadata value', `metadata[${k}]`);
    if (k.length > 40) throw invalid('Metadata keys can be at most 40 characters.', `metadata[${k}]`);
    if (val.length > 500) throw invalid('Metadata values can be at most 500 characters.', `metadata[${k}]`);
    if (val === '') delete out[k];
    else out[k] = val;
  }
  if (Object.keys(out).length > 50) throw invalid('Metadata can have at most 50 keys.', 'metadata');
  return out;
}
