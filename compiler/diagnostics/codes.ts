// Registry of the front-end diagnostic codes (FERRY001–FERRY099). Other stages keep their own
// registry of the same shape: resolve FERRY100–199 (compiler/resolve/codes.ts), expressions
// and emit FERRY200–299 (compiler/expr/codes.ts). Codes are stable: never renumber one.
export interface CodeInfo {
  readonly code: string;
  readonly title: string;
  readonly hint: string;
}

const define = <K extends string>(entries: Record<K, Omit<CodeInfo, 'code'> & { readonly code: string }>) =>
  entries;

export const FRONTEND_CODES = define({
  yamlSyntax: {
    code: 'FERRY001',
    title: 'YAML syntax error',
    hint: 'Fix the YAML syntax at the position shown; indentation and unclosed quotes are the usual causes.',
  },
  duplicateKey: {
    code: 'FERRY002',
    title: 'Duplicate key',
    hint: 'A key may appear once per mapping; remove or merge the repeated one.',
  },
  yamlWarning: {
    code: 'FERRY003',
    title: 'YAML warning',
    hint: 'The YAML is readable but probably not what was meant.',
  },
  notAnObject: {
    code: 'FERRY004',
    title: 'File is not a mapping of keys',
    hint: 'The file must contain a YAML map (key: value lines) at the top level.',
  },
  tooDeep: {
    code: 'FERRY005',
    title: 'YAML nested too deeply',
    hint: 'Mapping and tenant files need a few levels of nesting; more than 64 is refused before parsing.',
  },
  unknownKey: {
    code: 'FERRY010',
    title: 'Unknown key',
    hint: 'Remove the key or fix its spelling; the schema lists every allowed key.',
  },
  missingKey: {
    code: 'FERRY011',
    title: 'Missing required key',
    hint: 'Add the key; docs/mapping-reference.md lists the keys each kind requires.',
  },
  wrongType: {
    code: 'FERRY012',
    title: 'Wrong type',
    hint: 'Write a value of the expected type (quote strings that look like numbers or booleans).',
  },
  notAllowed: { code: 'FERRY013', title: 'Not an allowed value', hint: 'Use one of the listed values.' },
  pattern: {
    code: 'FERRY014',
    title: 'Value does not match the required pattern',
    hint: 'Change the value to the required form.',
  },
  secretLiteral: {
    code: 'FERRY015',
    title: 'Secret written as a literal',
    hint: 'Write `{ env: NAME }` or `{ file: PATH }` and keep the secret itself out of git.',
  },
  fieldSource: {
    code: 'FERRY016',
    title: 'Field has no value source',
    hint: 'Give the field `from: <column>`, `expr: "<expression>"` or `value: <constant>`.',
  },
  unknownEventType: {
    code: 'FERRY017',
    title: 'Unknown event type',
    hint: 'Event types are send, open, click and bounce.',
  },
  optoutField: {
    code: 'FERRY018',
    title: 'Campaign opt-out field not allowed',
    hint: 'Campaign opt-out fields are the fixed denyList* set (or blackList* on older instances) and ccpaOptOut.',
  },
  outOfRange: {
    code: 'FERRY019',
    title: 'Value out of range',
    hint: 'Change the value to satisfy the limit shown.',
  },
  fileNotFound: { code: 'FERRY020', title: 'File not found', hint: 'Create the file or fix the name.' },
  nameMismatch: {
    code: 'FERRY021',
    title: 'Mapping name differs from its file name',
    hint: 'Rename the file or the `name` so they match.',
  },
  duplicateName: {
    code: 'FERRY022',
    title: 'Duplicate mapping name',
    hint: 'Each mapping may be listed once per tenant.',
  },
  unknownOverride: {
    code: 'FERRY023',
    title: 'Override for a mapping that is not listed',
    hint: 'Add the mapping to `mappings:` or remove the override.',
  },
  overrideKind: {
    code: 'FERRY024',
    title: 'Override does not apply to this kind of mapping',
    hint: 'Filter overrides apply to `entity` mappings only.',
  },
  fileUnreadable: {
    code: 'FERRY025',
    title: 'File cannot be read',
    hint: 'Check the file permissions and that the path is a file.',
  },
  tenantMismatch: {
    code: 'FERRY026',
    title: 'Tenant name differs from its folder',
    hint: 'Rename the folder or the `name` so they match.',
  },
  exactlyOne: {
    code: 'FERRY027',
    title: 'Exactly one of several keys required',
    hint: 'Keep exactly one of the listed keys.',
  },
  outsideProject: {
    code: 'FERRY028',
    title: 'File outside the project',
    hint: 'Project files (tenant file, mappings, metadata snapshots) must lie inside the project; replace the symbolic link with the file itself.',
  },
  placeholder: {
    code: 'FERRY029',
    title: 'Placeholder value left in the tenant file',
    hint: 'Replace every YOUR-… value with your own: the comment above each key in the tenant file says where to find it (node_modules/ferry/docs/real-tenant-setup.md walks through all of them).',
  },
  cronFields: {
    code: 'FERRY030',
    title: 'Cron expression needs 5 fields',
    hint: 'Write minute hour day-of-month month day-of-week, e.g. `*/5 * * * *` (every 5 minutes, UTC).',
  },
  cronSyntax: {
    code: 'FERRY031',
    title: 'Cron field cannot be read',
    hint: 'A field is `*`, a number, a range `a-b`, a step `*/n` or `a-b/n`, or a list `a,b`; months and days may be names (JAN, MON).',
  },
  cronRange: {
    code: 'FERRY032',
    title: 'Cron value out of range',
    hint: 'minute 0-59, hour 0-23, day of month 1-31, month 1-12, day of week 0-7 (0 and 7 are Sunday).',
  },
  cronNever: {
    code: 'FERRY033',
    title: 'Cron expression never fires',
    hint: 'The day of month does not exist in the months named (e.g. 30 February); change the day or the month.',
  },
  scheduleEntry: {
    code: 'FERRY034',
    title: 'Schedule entry not usable',
    hint: 'Give each schedule `interval` or `cron`, not both, and schedule only flows (mappings) listed in `mappings`.',
  },
  alertWebhookName: {
    code: 'FERRY035',
    title: 'Two alert webhooks have the same name',
    hint: 'Give each webhook its own `name`: logs and the alert state tell them apart by it.',
  },
  alertWebhookTwice: {
    code: 'FERRY036',
    title: 'Two alert webhooks post to the same URL',
    hint: 'Each alert would be posted twice: keep one webhook per URL reference (`env` or `file`).',
  },
  alertWebhookCredential: {
    code: 'FERRY037',
    title: 'An alert webhook URL comes from a credential’s secret',
    hint: 'The webhook URL reference names the same environment variable or file as a Dynamics or Campaign credential: alerts would post to whatever that holds. Give the webhook URL its own variable or file.',
  },
  alertZeroDuration: {
    code: 'FERRY038',
    title: 'Alert duration of zero',
    hint: '`optoutPendingFor` of zero alerts on every pending opt-out at once; use a duration such as `1h`.',
  },
  invalid: { code: 'FERRY099', title: 'Schema violation', hint: 'See schemas/ for what is allowed here.' },
});

export type FrontendCode = keyof typeof FRONTEND_CODES;

/** All codes of this registry, for docs and tests. */
export const ALL_FRONTEND_CODES: readonly CodeInfo[] = Object.values(FRONTEND_CODES);

/** The registry's generic hint for a code (empty when unknown). */
export const hintFor = (code: string): string => ALL_FRONTEND_CODES.find((c) => c.code === code)?.hint ?? '';
