import { INestApplication, RequestMethod, Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ROUTE_ACCESS, RouteAccess } from '#lb/access';

export interface RouteEntry {
  method: string;
  path: string;
  handler: string;
  access: RouteAccess | null;
}

const join = (...parts: string[]) =>
  `/${parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/')}`;

/**
 * Every route the Nest router serves, read from the controllers' own metadata (not a hand-kept
 * list), with the access each declares. Drives the route sweep test and the permission snapshot.
 */
export function listRoutes(app: INestApplication, globalPrefix: string, excluded: string[]): RouteEntry[] {
  const discovery = app.get(DiscoveryService);
  const scanner = app.get(MetadataScanner);
  const reflector = app.get(Reflector);
  const routes: RouteEntry[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as object | undefined;
    const metatype = wrapper.metatype as Type | null;
    if (!instance || !metatype) continue;
    const prefixes = [reflector.get<string | string[] | undefined>(PATH_METADATA, metatype) ?? ''].flat();
    const proto = Object.getPrototypeOf(instance) as Record<string, (...args: unknown[]) => unknown>;
    for (const name of scanner.getAllMethodNames(proto)) {
      const handler = proto[name];
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      const paths = [(Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined) ?? ''].flat();
      const access = reflector.getAllAndOverride<RouteAccess>(ROUTE_ACCESS, [handler, metatype]) ?? null;
      for (const prefix of prefixes) {
        for (const path of paths) {
          const local = join(prefix, path);
          const full = excluded.includes(local.slice(1)) ? local : join(globalPrefix, local);
          routes.push({ method: RequestMethod[method], path: full, handler: `${metatype.name}.${name}`, access });
        }
      }
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}
