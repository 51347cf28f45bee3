// Response and request helpers of the status page: strict headers on every answer, small form bodies.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CSP, type Html } from './html.ts';

const BODY_LIMIT = 16 * 1024;

function headers(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // same-origin, not no-referrer: with no-referrer Chromium sends `Origin: null` on the page's own form posts.
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cache-Control', 'no-store');
}

export function sendHtml(res: ServerResponse, status: number, page: Html): void {
  headers(res);
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(page.text);
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  headers(res);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(value));
}

/** 303 after a POST, so a reload does not repeat the action. */
export function redirect(res: ServerResponse, location: string, cookie?: string): void {
  headers(res);
  res.writeHead(303, { Location: location, ...(cookie !== undefined ? { 'Set-Cookie': cookie } : {}) });
  res.end();
}

/** A url-encoded form body (at most 16 KiB). */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams | null> {
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]
    ?.trim();
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > BODY_LIMIT) return null;
    chunks.push(c);
  }
  if (type !== 'application/x-www-form-urlencoded' && size > 0) return null;
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export function cookie(req: IncomingMessage, name: string): string | null {
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
}
