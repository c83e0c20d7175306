// A webhook on 127.0.0.1 for the `notify:` tests (docs/overrides.md, "Notifications: `notify:`"):
// it records every request it gets and answers with a status, or never answers.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookPost {
  headers: IncomingHttpHeaders;
  /** The body read as JSON, or its text when it is not JSON. */
  body: unknown;
}

export interface Webhook {
  url: string;
  posts: WebhookPost[];
  /** Ends any open connection (one never answered, too) and stops listening. */
  close(): Promise<void>;
}

/** A webhook that answers `status` to every request, or never answers (null). */
export async function startWebhook(status: number | null = 200): Promise<Webhook> {
  const posts: WebhookPost[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString();
      posts.push({ headers: request.headers, body: parsed(text) });
      if (status !== null) response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    posts,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
