// `/nl/jsp/soaprouter.jsp`: the two SOAP methods ferry's v8 event source calls. `xtk:session`
// `BearerTokenLogon(bearerToken)` -> sessionToken, sessionInfo, securityToken (Campaign API reference);
// `xtk:queryDef` `ExecuteQuery` over the log tables. Envelope details and fault texts are modelled.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Rng } from '../../common/prng.ts';
import type { ImsTokens } from '../../ims/tokens.ts';
import { QueryError, readQueryDef, runQuery } from './query.ts';
import type { CampaignLogs } from './tables.ts';

export const SOAP_PATH = '/nl/jsp/soaprouter.jsp';

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const envelope = (body: string): string =>
  `<?xml version="1.0" encoding="utf-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body>${body}</SOAP-ENV:Body></SOAP-ENV:Envelope>`;

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/xml; charset=utf-8' });
  res.end(envelope(body));
}

const fault = (res: ServerResponse, code: string, text: string): void =>
  send(
    res,
    500,
    `<SOAP-ENV:Fault><faultcode>${code}</faultcode><faultstring>${esc(text)}</faultstring></SOAP-ENV:Fault>`,
  );

async function text(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export class SoapRouter {
  private readonly sessions = new Map<string, string>();
  private readonly rng: Rng;

  constructor(
    private readonly logs: CampaignLogs,
    private readonly tokens: ImsTokens,
    seed: number,
  ) {
    this.rng = new Rng(`soap:${seed}`);
  }

  /** Counters a test can read: logons and queries answered. */
  readonly counts = { logons: 0, queries: 0 };

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') return fault(res, 'SOAP-ENV:Client', 'SOAP calls are POST requests');
    const action = String(req.headers['soapaction'] ?? '').replace(/"/g, '');
    const body = await text(req);
    if (action === 'xtk:session#BearerTokenLogon') return this.logon(res, body);
    if (action === 'xtk:queryDef#ExecuteQuery') return this.query(req, res, body);
    return fault(res, 'SOAP-ENV:Client', `Unknown method '${action}'`);
  }

  private logon(res: ServerResponse, body: string): void {
    const token = /<bearerToken[^>]*>([^<]*)<\/bearerToken>/.exec(body)?.[1] ?? '';
    if (!this.tokens.validate(token))
      return fault(res, 'SOAP-ENV:Client', 'The IMS access token is not valid');
    const session = `___${this.rng.guid().replace(/-/g, '')}`;
    const security = `@${this.rng.guid().replace(/-/g, '')}`;
    this.sessions.set(session, security);
    this.counts.logons++;
    send(
      res,
      200,
      `<BearerTokenLogonResponse xmlns="urn:xtk:session"><pstrSessionToken xsi:type="xsd:string">${session}</pstrSessionToken><pSessionInfo xsi:type="ns:Element"><sessionInfo/></pSessionInfo><pstrSecurityToken xsi:type="xsd:string">${security}</pstrSecurityToken></BearerTokenLogonResponse>`,
    );
  }

  private query(req: IncomingMessage, res: ServerResponse, body: string): void {
    const session = /<sessiontoken[^>]*>([^<]*)<\/sessiontoken>/.exec(body)?.[1] ?? '';
    const security = this.sessions.get(session);
    if (security === undefined || req.headers['x-security-token'] !== security)
      return fault(res, 'SOAP-ENV:Client', 'The session has expired or is not valid; log on again');
    try {
      const { element, rows } = runQuery(this.logs, readQueryDef(body));
      this.counts.queries++;
      const xml = rows.map((attrs) => row(element, attrs)).join('');
      send(
        res,
        200,
        `<ExecuteQueryResponse xmlns="urn:xtk:queryDef"><pdomOutput xsi:type="ns:Element"><${element}-collection>${xml}</${element}-collection></pdomOutput></ExecuteQueryResponse>`,
      );
    } catch (e) {
      if (!(e instanceof QueryError)) throw e;
      fault(res, 'SOAP-ENV:Server', e.message);
    }
  }
}

// `@x` becomes an attribute of the row; `[link/@x]` an attribute of the row's `<link>` child.
function row(element: string, attrs: readonly [string, string][]): string {
  const own: string[] = [];
  const children = new Map<string, string[]>();
  for (const [expr, v] of attrs) {
    const linked = /^\[(\w+)\/@(\w+)\]$/.exec(expr);
    if (linked) {
      const list = children.get(linked[1] ?? '') ?? [];
      list.push(`${linked[2]}="${esc(v)}"`);
      children.set(linked[1] ?? '', list);
    } else own.push(`${expr.slice(1)}="${esc(v)}"`);
  }
  const inner = [...children].map(([n, a]) => `<${n} ${a.join(' ')}/>`).join('');
  return `<${element} ${own.join(' ')}>${inner}</${element}>`;
}
