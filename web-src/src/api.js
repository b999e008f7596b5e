// The workbench API (same origin; the token, when the server has one, is in a cookie).

export class ApiError extends Error {
  constructor(status, body) {
    const detail = body && (body.error ? body.error.message : body.detail);
    super(typeof detail === "string" ? detail : `the server answered ${status}`);
    this.status = status;
    this.body = body;
    this.located = body && body.error ? body.error : null;
  }
}

async function call(method, path, body, signal) {
  const init = { method, signal, headers: {} };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers["Content-Type"] = "application/json";
  }
  const response = await fetch(path, init);
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = text;
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

export const api = {
  get: (path, signal) => call("GET", path, undefined, signal),
  post: (path, body, signal) => call("POST", path, body, signal),
  put: (path, body) => call("PUT", path, body),
  del: (path) => call("DELETE", path),
};

/** Runs one request at a time per key: a newer request aborts the older one. */
export class Latest {
  constructor() {
    this.controllers = new Map();
  }
  async post(key, path, body) {
    this.controllers.get(key)?.abort();
    const controller = new AbortController();
    this.controllers.set(key, controller);
    try {
      return await api.post(path, body, controller.signal);
    } finally {
      if (this.controllers.get(key) === controller) this.controllers.delete(key);
    }
  }
}

export function isAbort(error) {
  return error && error.name === "AbortError";
}
