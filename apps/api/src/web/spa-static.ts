import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { Express, NextFunction, Request, Response } from 'express';

const API_PATHS = /^\/(api|health|metrics)(\/|$)/;

/**
 * Serves the built SPA: static assets, and index.html for any other GET so client-side routes
 * survive a reload. API paths never fall through to the SPA. Source maps (our whole client source)
 * are served in development only.
 */
export function serveSpa(server: Express, distDir: string, options: { sourceMaps: boolean }): boolean {
  const root = resolve(distDir);
  const index = join(root, 'index.html');
  if (!existsSync(index)) return false;
  if (!options.sourceMaps)
    server.use((req: Request, res: Response, next: NextFunction) =>
      req.path.endsWith('.map') ? res.status(404).end() : next(),
    );
  server.use(express.static(root, { index: false, maxAge: '1h', immutable: false }));
  server.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || API_PATHS.test(req.path)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return true;
}
