// Email events out of Campaign v8, as a JournalPort: SOAP `xtk:session#BearerTokenLogon` with the IMS
// token, then `xtk:queryDef#ExecuteQuery` over nms:broadLogRcp (sends, bounces: a bounce updates the
// delivery log row) and nms:trackingLogRcp (opens, clicks). The position is a keyset over both tables,
// so the events engine's ledger and checkpoint give the same guarantees as with the journal.
import type { Json } from '../../contract.ts';
import { HttpError } from '../../../core/errors.ts';
import type { TokenSource } from '../../http/auth-policy.ts';
import type { Send } from '../../http/types.ts';
import type { JournalBatch, JournalEntry, JournalPort } from '../../ports.ts';
import { escapeXml, find, parseXml, type XmlNode } from './soap-xml.ts';

export interface V8LogsOptions {
  /** `https://<instance>.campaign.adobe.com/nl/jsp/soaprouter.jsp`. */
  readonly soapUrl: string;
  /** A pipeline without bearer auth (the IMS token travels in the logon body). */
  readonly send: Send;
  readonly tokens: TokenSource;
}

/** Last delivery-log change read (Campaign date and id) and last tracking-log id read. */
interface Position {
  readonly modified: string;
  readonly broadId: number;
  readonly trackingId: number;
}

const START: Position = { modified: '1970-01-01 00:00:00.000Z', broadId: 0, trackingId: 0 };
const encode = (p: Position): string => `v8log:${p.modified}|${p.broadId}|${p.trackingId}`;

function decode(s: string | null): Position {
  if (s === null) return START;
  const m = /^v8log:([^|]+)\|(\d+)\|(\d+)$/.exec(s);
  if (!m) throw new HttpError('FERRY_CAMPAIGN_SOAP_BAD_BODY', `Not a Campaign v8 log position: ${s}`);
  return { modified: m[1] ?? START.modified, broadId: Number(m[2]), trackingId: Number(m[3]) };
}

const PEOPLE = [
  '[recipient/@id]',
  '[recipient/@externalId]',
  '[recipient/@email]',
  '[delivery/@id]',
  '[delivery/@label]',
  '[delivery/@mirrorPageUrl]',
  '[operation/@id]',
  '[operation/@label]',
];
const BROAD = ['@id', '@lastModified', '@eventDate', '@status', '@failureType', '@failureReason', ...PEOPLE];
const TRACKING = ['@id', '@logDate', '@type', '@url', ...PEOPLE];

const iso = (campaignDate: string): string => new Date(campaignDate.replace(' ', 'T')).toISOString();

export class V8LogsConnector implements JournalPort {
  readonly stats = { requests: 0 };
  private session: { token: string; security: string } | null = null;

  constructor(private readonly opts: V8LogsOptions) {}

  async read(since: string | null, limit: number): Promise<JournalBatch> {
    let pos = decode(since);
    const entries: JournalEntry[] = [];
    const keyset = `(@lastModified > #${pos.modified}# OR (@lastModified = #${pos.modified}# AND @id > ${pos.broadId}))`;
    for (const row of await this.query('nms:broadLogRcp', BROAD, keyset, limit)) {
      pos = { ...pos, modified: attr(row, 'lastModified'), broadId: Number(attr(row, 'id')) };
      for (const event of broadEvents(row)) entries.push({ position: encode(pos), event });
    }
    for (const row of await this.query('nms:trackingLogRcp', TRACKING, `@id > ${pos.trackingId}`, limit)) {
      pos = { ...pos, trackingId: Number(attr(row, 'id')) };
      entries.push({ position: encode(pos), event: trackingEvent(row) });
    }
    return { entries, retryAfter: null };
  }

  private async query(
    schema: string,
    select: readonly string[],
    where: string,
    limit: number,
  ): Promise<XmlNode[]> {
    const nodes = select.map((e) => `<node expr="${escapeXml(e)}"/>`).join('');
    const order =
      schema === 'nms:broadLogRcp' ? '<node expr="@lastModified"/><node expr="@id"/>' : '<node expr="@id"/>';
    const queryDef = `<queryDef schema="${schema}" operation="select" lineCount="${limit}"><select>${nodes}</select><where><condition expr="${escapeXml(where)}"/></where><orderBy>${order}</orderBy></queryDef>`;
    // One new logon when the session expired, then the query once more.
    for (let attempt = 0; ; attempt++) {
      const s = await this.logon(attempt > 0);
      const body = `<ExecuteQuery xmlns="urn:xtk:queryDef"><sessiontoken>${escapeXml(s.token)}</sessiontoken><entity>${queryDef}</entity></ExecuteQuery>`;
      const doc = await this.call('xtk:queryDef#ExecuteQuery', body, { 'x-security-token': s.security });
      const fault = find(doc, 'Fault');
      if (fault && attempt === 0 && /session/i.test(find(fault, 'faultstring')?.text ?? '')) continue;
      if (fault) throw soapFault(fault, schema);
      const collection = find(doc, 'pdomOutput')?.children[0];
      return collection?.children ?? [];
    }
  }

  private async logon(force: boolean): Promise<{ token: string; security: string }> {
    if (this.session && !force) return this.session;
    const bearer = await this.opts.tokens.getToken(force);
    const doc = await this.call(
      'xtk:session#BearerTokenLogon',
      `<BearerTokenLogon xmlns="urn:xtk:session"><bearerToken>${escapeXml(bearer)}</bearerToken></BearerTokenLogon>`,
      {},
    );
    const fault = find(doc, 'Fault');
    if (fault) throw soapFault(fault, 'logon');
    const token = find(doc, 'pstrSessionToken')?.text ?? '';
    const security = find(doc, 'pstrSecurityToken')?.text ?? '';
    if (token === '')
      throw new HttpError('FERRY_CAMPAIGN_SOAP_BAD_BODY', 'BearerTokenLogon answered no session token');
    this.session = { token, security };
    return this.session;
  }

  private async call(action: string, body: string, headers: Record<string, string>): Promise<XmlNode> {
    this.stats.requests++;
    const res = await this.opts.send({
      method: 'POST',
      url: this.opts.soapUrl,
      // Both methods only read (a logon opens a session): safe to resend after a network error.
      idempotent: true,
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: action, ...headers },
      body: `<?xml version="1.0" encoding="utf-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body>${body}</SOAP-ENV:Body></SOAP-ENV:Envelope>`,
    });
    try {
      return parseXml(res.body);
    } catch {
      throw new HttpError(
        'FERRY_CAMPAIGN_SOAP_BAD_BODY',
        `${action}: HTTP ${res.status}, the answer is not XML`,
        {
          details: { status: res.status },
        },
      );
    }
  }
}

function soapFault(fault: XmlNode, what: string): HttpError {
  const text = find(fault, 'faultstring')?.text ?? 'SOAP fault';
  return new HttpError('FERRY_CAMPAIGN_SOAP_FAULT', `Campaign v8 ${what}: ${text}`, { details: { what } });
}

function attr(row: XmlNode, name: string): string {
  const v = row.attrs[name];
  if (v === undefined || v === '')
    throw new HttpError('FERRY_CAMPAIGN_SOAP_BAD_BODY', `A ${row.name} row has no ${name}`);
  return v;
}

const child = (row: XmlNode, name: string): Readonly<Record<string, string>> =>
  row.children.find((c) => c.name === name)?.attrs ?? {};

// The events payload ferry's events mappings read (the journal's modelled shape).
function people(row: XmlNode): Record<string, Json> {
  const r = child(row, 'recipient');
  const d = child(row, 'delivery');
  const o = child(row, 'operation');
  return {
    profile: { PKey: r['id'] ?? '', externalId: r['externalId'] ?? '', email: r['email'] ?? '' },
    delivery: { id: d['id'] ?? '', label: d['label'] ?? '', mirrorPageUrl: d['mirrorPageUrl'] ?? null },
    campaign: { id: o['id'] ?? '', label: o['label'] ?? '' },
  };
}

/** A delivery log row is its send, and once it failed also its bounce: two events, stable ids. */
function broadEvents(row: XmlNode): Json[] {
  const id = attr(row, 'id');
  const send: Json = {
    id: `v8-broadlog-${id}-send`,
    type: 'send',
    timestamp: iso(attr(row, 'eventDate')),
    ...people(row),
  };
  if (row.attrs['status'] !== 'failed') return [send];
  const bounce = {
    type: row.attrs['failureType'] === 'hard' ? 'hard' : 'soft',
    reason: row.attrs['failureReason'] ?? '',
  };
  return [
    send,
    {
      id: `v8-broadlog-${id}-bounce`,
      type: 'bounce',
      timestamp: iso(attr(row, 'lastModified')),
      ...people(row),
      bounce,
    },
  ];
}

function trackingEvent(row: XmlNode): Json {
  const type = attr(row, 'type');
  if (type !== 'open' && type !== 'click')
    throw new HttpError('FERRY_CAMPAIGN_SOAP_BAD_BODY', `A tracking log row has type ${type}`);
  return {
    id: `v8-trackinglog-${attr(row, 'id')}`,
    type,
    timestamp: iso(attr(row, 'logDate')),
    ...people(row),
    ...(type === 'click' && row.attrs['url'] !== undefined ? { url: row.attrs['url'] } : {}),
  };
}
