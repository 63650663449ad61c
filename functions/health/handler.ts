import { httpHandler, json } from '../shared/http';

/** GET /health: the API answers. */
export const createHandler = () => httpHandler(async () => json(200, { ok: true }));

export const handler = createHandler();
