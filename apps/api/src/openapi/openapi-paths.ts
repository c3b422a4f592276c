import * as path from 'node:path';
import { projectRoot } from '@app/platform';

/** The committed contract, and the TypeScript types generated from it for the console and scripts. */
export const OPENAPI_JSON = 'openapi/openapi.json';
export const CLIENT_TYPES = 'apps/web/src/api/schema.ts';

export const absolute = (file: string): string => path.join(projectRoot(), file);
