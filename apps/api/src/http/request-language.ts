import type { Request, Response } from 'express';
import { ErrorBody, Language, localizeError, pickLanguage } from '@app/domain';
import type { Actor } from '../auth/actor';

/** The caller's language: the person's setting when signed in (Actor.language), else Accept-Language, else Vietnamese. */
export function requestLanguage(req: Request): Language {
  const actor = (req as Request & { actor?: Actor }).actor;
  return pickLanguage(req.headers['accept-language'], actor?.language);
}

/** Sends `{error}` in the caller's language, saying which and that it depends on Accept-Language. */
export function sendError(req: Request, res: Response, status: number, error: ErrorBody): void {
  const language = requestLanguage(req);
  res.setHeader('Content-Language', language);
  res.vary('Accept-Language');
  res.status(status).json({ error: localizeError(error, language) });
}
