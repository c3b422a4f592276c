import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { static as serveStatic } from 'express';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** Paths the console never answers: the API, its docs, health and metrics stay Nest's (404s included). */
const SERVER_PATHS = /^\/(api|health|metrics)(\/|$)/;

/**
 * Helmet's default CSP, minus `upgrade-insecure-requests`: an intranet deployment on plain
 * http would otherwise have the browser ask for the console's own scripts over https.
 * Scripts and styles come only from this origin (the build inlines nothing but style attributes).
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "base-uri 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/**
 * Where the built console is: `apps/web/dist` of the package root, found upwards from this file
 * (apps/api/src/web in a source run, dist/apps/api/src/web in a built one). null when not built.
 */
export function findConsoleDist(from: string = __dirname): string | null {
  let dir = from;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) {
      const dist = path.join(dir, 'apps', 'web', 'dist');
      return existsSync(path.join(dist, 'index.html')) ? dist : null;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/**
 * The console's files, and index.html for every other GET that asks for a page (the SPA uses
 * hash routes, so this only matters for bookmarked or mistyped paths). Hashed assets are cached
 * for a year; index.html never, so a new build is picked up on the next load.
 */
export function consoleMiddleware(dist: string): RequestHandler[] {
  const assets = serveStatic(dist, {
    index: ['index.html'],
    fallthrough: true,
    setHeaders(res, file) {
      res.setHeader('Content-Security-Policy', CONSOLE_CSP);
      const hashed = file.includes(`${path.sep}assets${path.sep}`);
      res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const index = path.join(dist, 'index.html');
  const skip = (req: Request) => (req.method !== 'GET' && req.method !== 'HEAD') || SERVER_PATHS.test(req.path);
  return [
    (req: Request, res: Response, next: NextFunction) => (skip(req) ? next() : assets(req, res, next)),
    (req: Request, res: Response, next: NextFunction) => {
      if (skip(req) || !req.accepts('html') || path.extname(req.path)) return next();
      res.setHeader('Content-Security-Policy', CONSOLE_CSP);
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index, (error) => error && next(error));
    },
  ];
}
