// Complete example files for the mapping reference: together they use every key of every kind
// (test/frontend/docs.test.ts checks that they validate and that every key is covered).
export const EXAMPLES: Readonly<Record<'entity' | 'events' | 'optout', string>> = {
  entity: `# yaml-language-server: $schema=../schemas/mapping.schema.json
version: 1
kind: entity
name: contacts
description: Dynamics contacts become Campaign profiles
source: { entity: contact }
target: { resource: profile, key: externalId, filter: byExternalId }
fields:
  email: { from: emailaddress1, expr: "lower(trim(emailaddress1))" }
  firstName: { from: firstname }
  gender: { from: gendercode, values: { 1: male, 2: female }, default: unknown }
  birthDate: { from: birthdate, updates: false, description: initial load and replay only }
  origin: { value: dynamics }
links:
  cusCompany: { from: _parentcustomerid_value, mapping: accounts, required: false }
filter:
  all: ["statecode == 0", "emailaddress1 != null"]
  any: ["address1_country == 'FR'", "address1_country == 'DE'"]
  deleteFilteredOut: true
deletes: propagate
picklists: label
onlyOwnRecords: true
`,
  events: `version: 1
kind: events
name: email-events
description: Campaign email events on the contact timeline
contact: { entity: contact }
types:
  send:
    activity: new_emailsend
    key: new_eventid
    fields:
      subject: { expr: "\`\${campaignId} \${deliveryId}\`" }
      new_eventid: { from: eventId }
      new_channel: { value: email }
      new_campaignname: { from: campaignLabel, default: "(no label)", updates: false, description: kept as first written }
  open:
    enabled: false
    activity: new_emailopen
    key: new_eventid
    fields:
      new_eventid: { from: eventId }
  click:
    activity: new_emailclick
    key: new_eventid
    fields:
      new_eventid: { from: eventId }
      new_url: { from: url }
    followUp:
      activity: task
      dueInDays: 2
      fields:
        subject: { expr: "\`Follow up: \${url ?? ''}\`" }
  bounce:
    activity: new_emailbounce
    key: new_eventid
    hardOnly: true
    fields:
      new_eventid: { from: eventId }
      new_bouncetype: { from: bounceType, values: { hard: Hard, soft: Soft } }
    followUp:
      activity: task
      fields:
        subject: { value: Reconcile the email address }
`,
  optout: `version: 1
kind: optout
name: optout
description: Opt-outs both ways; an opt-out is never lost
direction: both
rule: adobe
source: { entity: contact }
target: { resource: profile, key: externalId, filter: byExternalId }
pairs:
  - { dynamics: donotbulkemail, campaign: denyListEmail }
  - { dynamics: donotphone, campaign: denyListPhone }
  - { dynamics: new_donotsell, campaign: ccpaOptOut }
`,
};
