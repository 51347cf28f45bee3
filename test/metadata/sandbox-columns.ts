// Column specs of the sandbox tables; gen-sandbox-snapshots.ts turns them into CSDL and EntityDefinitions JSON.
export type Kind =
  | 'Uniqueidentifier'
  | 'String'
  | 'Memo'
  | 'Picklist'
  | 'State'
  | 'Status'
  | 'Boolean'
  | 'DateTime'
  | 'DateOnly'
  | 'Money'
  | 'Decimal'
  | 'Double'
  | 'Integer'
  | 'BigInt'
  | 'Lookup'
  | 'Customer'
  | 'Owner'
  | 'EntityName';

export interface Col {
  readonly name: string;
  readonly kind: Kind;
  readonly max?: number;
  readonly options?: readonly (readonly [number, string])[];
  /** Boolean labels [false, true]. */
  readonly bool?: readonly [string, string];
  readonly req?: 'None' | 'SystemRequired' | 'ApplicationRequired' | 'Recommended';
  readonly computed?: boolean;
  readonly desc: string;
  readonly targets?: readonly string[];
  /** StringAttributeMetadata.Format when the name-based guess would be wrong (Phone, Email, Url, …). */
  readonly format?: string;
}

const yesNo: [string, string] = ['No', 'Yes'];
const allow: [string, string] = ['Allow', 'Do Not Allow'];
const sendAllow: [string, string] = ['Send', 'Do Not Send'];

export const stateActive = [
  [0, 'Active'],
  [1, 'Inactive'],
] as const;
export const statusActive = [
  [1, 'Active'],
  [2, 'Inactive'],
] as const;

export const std = (pk: string, entity: string): Col[] => [
  {
    name: pk,
    kind: 'Uniqueidentifier',
    req: 'SystemRequired',
    desc: `Unique identifier for entity instances`,
  },
  {
    name: 'statecode',
    kind: 'State',
    options: stateActive,
    req: 'SystemRequired',
    desc: `Status of the ${entity}`,
  },
  {
    name: 'statuscode',
    kind: 'Status',
    options: statusActive,
    desc: `Reason for the status of the ${entity}`,
  },
  { name: 'createdon', kind: 'DateTime', computed: true, desc: 'Date and time when the record was created.' },
  {
    name: 'modifiedon',
    kind: 'DateTime',
    computed: true,
    desc: 'Date and time when the record was modified.',
  },
  { name: 'versionnumber', kind: 'BigInt', computed: true, desc: 'Version Number' },
  {
    name: 'ownerid',
    kind: 'Owner',
    req: 'SystemRequired',
    desc: 'Owner Id',
    targets: ['systemuser', 'team'],
  },
];

export const CONTACT: Col[] = [
  {
    name: 'contactid',
    kind: 'Uniqueidentifier',
    req: 'SystemRequired',
    desc: 'Unique identifier of the contact.',
  },
  {
    name: 'firstname',
    kind: 'String',
    max: 50,
    req: 'Recommended',
    desc: "Type the contact's first name to make sure the contact is addressed correctly in sales calls, email, and marketing campaigns.",
  },
  {
    name: 'middlename',
    kind: 'String',
    max: 50,
    desc: "Type the contact's middle name or initial to make sure the contact is addressed correctly.",
  },
  {
    name: 'lastname',
    kind: 'String',
    max: 50,
    req: 'ApplicationRequired',
    desc: "Type the contact's last name to make sure the contact is addressed correctly in sales calls, email, and marketing campaigns.",
  },
  {
    name: 'fullname',
    kind: 'String',
    max: 160,
    computed: true,
    desc: "Combines and shows the contact's first and last names so that the full name can be displayed in views and reports.",
  },
  {
    name: 'salutation',
    kind: 'String',
    max: 100,
    desc: 'Type the salutation of the contact to make sure the contact is addressed correctly in sales calls, email messages, and marketing campaigns.',
  },
  {
    name: 'jobtitle',
    kind: 'String',
    max: 100,
    desc: 'Type the job title of the contact to make sure the contact is addressed correctly in sales calls, email, and marketing campaigns.',
  },
  {
    name: 'emailaddress1',
    kind: 'String',
    max: 100,
    desc: 'Type the primary email address for the contact.',
  },
  {
    name: 'emailaddress2',
    kind: 'String',
    max: 100,
    desc: 'Type the secondary email address for the contact.',
  },
  {
    name: 'emailaddress3',
    kind: 'String',
    max: 100,
    desc: 'Type an alternate email address for the contact.',
  },
  { name: 'telephone1', kind: 'String', max: 50, desc: 'Type the main phone number for this contact.' },
  { name: 'telephone2', kind: 'String', max: 50, desc: 'Type a second phone number for this contact.' },
  { name: 'mobilephone', kind: 'String', max: 50, desc: 'Type the mobile phone number for the contact.' },
  { name: 'fax', kind: 'String', max: 50, desc: 'Type the fax number for the contact.' },
  {
    name: 'websiteurl',
    kind: 'String',
    max: 200,
    desc: "Type the contact's professional or personal website or blog URL.",
  },
  {
    name: 'birthdate',
    kind: 'DateOnly',
    desc: "Enter the contact's birthday for use in customer gift programs or other communications.",
  },
  {
    name: 'gendercode',
    kind: 'Picklist',
    options: [
      [1, 'Male'],
      [2, 'Female'],
    ],
    desc: "Select the contact's gender to make sure the contact is addressed correctly in sales calls, email, and marketing campaigns.",
  },
  {
    name: 'familystatuscode',
    kind: 'Picklist',
    options: [
      [1, 'Single'],
      [2, 'Married'],
      [3, 'Divorced'],
      [4, 'Widowed'],
    ],
    desc: 'Select the marital status of the contact for reference in follow-up phone calls and other communications.',
  },
  {
    name: 'preferredcontactmethodcode',
    kind: 'Picklist',
    options: [
      [1, 'Any'],
      [2, 'Email'],
      [3, 'Phone'],
      [4, 'Fax'],
      [5, 'Mail'],
    ],
    desc: 'Select the preferred method of contact.',
  },
  {
    name: 'numberofchildren',
    kind: 'Integer',
    desc: 'Type the number of children the contact has for reference in follow-up phone calls and other communications.',
  },
  {
    name: 'donotbulkemail',
    kind: 'Boolean',
    bool: allow,
    desc: 'Select whether the contact accepts bulk email sent through marketing campaigns or quick campaigns. If Do Not Allow is selected, the contact can be added to marketing lists, but will be excluded from the email.',
  },
  {
    name: 'donotemail',
    kind: 'Boolean',
    bool: allow,
    desc: 'Select whether the contact allows direct email sent from Microsoft Dynamics 365. If Do Not Allow is selected, Microsoft Dynamics 365 will not send the email.',
  },
  {
    name: 'donotphone',
    kind: 'Boolean',
    bool: allow,
    desc: 'Select whether the contact accepts phone calls. If Do Not Allow is selected, the contact will be excluded from any phone call activities distributed in marketing campaigns.',
  },
  {
    name: 'donotfax',
    kind: 'Boolean',
    bool: allow,
    desc: 'Select whether the contact allows faxes. If Do Not Allow is selected, the contact will be excluded from any fax activities distributed in marketing campaigns.',
  },
  {
    name: 'donotpostalmail',
    kind: 'Boolean',
    bool: allow,
    desc: 'Select whether the contact allows direct mail. If Do Not Allow is selected, the contact will be excluded from letter activities distributed in marketing campaigns.',
  },
  {
    name: 'donotbulkpostalmail',
    kind: 'Boolean',
    bool: yesNo,
    desc: 'Select whether the contact accepts bulk postal mail sent through marketing campaigns or quick campaigns. If Do Not Allow is selected, the contact can be added to marketing lists, but will be excluded from the letters.',
  },
  {
    name: 'donotsendmm',
    kind: 'Boolean',
    bool: sendAllow,
    desc: 'Select whether the contact accepts marketing materials, such as brochures or catalogs. Contacts that opt out can be excluded from marketing initiatives.',
  },
  {
    name: 'statecode',
    kind: 'State',
    options: stateActive,
    req: 'SystemRequired',
    desc: "Shows whether the contact is active or inactive. Inactive contacts are read-only and can't be edited unless they are reactivated.",
  },
  { name: 'statuscode', kind: 'Status', options: statusActive, desc: "Select the contact's status." },
  {
    name: 'createdon',
    kind: 'DateTime',
    computed: true,
    desc: 'Shows the date and time when the record was created. The date and time are displayed in the time zone selected in Microsoft Dynamics 365 options.',
  },
  {
    name: 'modifiedon',
    kind: 'DateTime',
    computed: true,
    desc: 'Shows the date and time when the record was last updated. The date and time are displayed in the time zone selected in Microsoft Dynamics 365 options.',
  },
  { name: 'versionnumber', kind: 'BigInt', computed: true, desc: 'Version number of the contact.' },
  {
    name: 'parentcustomerid',
    kind: 'Customer',
    targets: ['account', 'contact'],
    desc: 'Select the parent account or parent contact for the contact to provide a quick link to additional details, such as financial information, activities, and opportunities.',
  },
  {
    name: 'ownerid',
    kind: 'Owner',
    req: 'SystemRequired',
    targets: ['systemuser', 'team'],
    desc: 'Enter the user or team who is assigned to manage the record. This field is updated every time the record is assigned to a different user.',
  },
  { name: 'address1_line1', kind: 'String', max: 250, desc: 'Type the first line of the primary address.' },
  { name: 'address1_city', kind: 'String', max: 80, desc: 'Type the city for the primary address.' },
  {
    name: 'address1_postalcode',
    kind: 'String',
    max: 20,
    desc: 'Type the ZIP Code or postal code for the primary address.',
  },
  {
    name: 'address1_country',
    kind: 'String',
    max: 80,
    desc: 'Type the country or region for the primary address.',
  },
  {
    name: 'creditlimit',
    kind: 'Money',
    desc: 'Type the credit limit of the contact for reference when you address invoice and accounting issues with the customer.',
  },
  {
    name: 'annualincome',
    kind: 'Money',
    desc: "Type the contact's annual income for use in profiling and financial analysis.",
  },
  {
    name: 'description',
    kind: 'Memo',
    max: 2000,
    desc: "Type additional information to describe the contact, such as an excerpt from the company's website.",
  },
];

export const ACCOUNT: Col[] = [
  ...std('accountid', 'account'),
  {
    name: 'name',
    kind: 'String',
    max: 160,
    req: 'ApplicationRequired',
    desc: 'Type the company or business name.',
  },
  {
    name: 'accountnumber',
    kind: 'String',
    max: 20,
    desc: 'Type an ID number or code for the account to quickly search and identify the account in system views.',
  },
  {
    name: 'emailaddress1',
    kind: 'String',
    max: 100,
    desc: 'Type the primary email address for the account.',
  },
  { name: 'telephone1', kind: 'String', max: 50, desc: 'Type the main phone number for this account.' },
  { name: 'address1_city', kind: 'String', max: 80, desc: 'Type the city for the primary address.' },
];

export const ACTIVITY_BASE: Col[] = [
  {
    name: 'activityid',
    kind: 'Uniqueidentifier',
    req: 'SystemRequired',
    desc: 'Unique identifier of the activity.',
  },
  { name: 'subject', kind: 'String', max: 200, desc: 'Subject associated with the activity.' },
  { name: 'description', kind: 'Memo', max: 2000, desc: 'Description of the activity.' },
  {
    name: 'activitytypecode',
    kind: 'EntityName',
    computed: true,
    req: 'SystemRequired',
    desc: 'Type of activity.',
  },
  {
    name: 'regardingobjectid',
    kind: 'Lookup',
    targets: ['account', 'contact'],
    desc: 'Unique identifier of the object with which the activity is associated.',
  },
  {
    name: 'ownerid',
    kind: 'Owner',
    req: 'SystemRequired',
    targets: ['systemuser', 'team'],
    desc: 'Unique identifier of the user or team who owns the activity.',
  },
  { name: 'scheduledend', kind: 'DateTime', desc: 'Scheduled end time of the activity.' },
  { name: 'actualend', kind: 'DateTime', desc: 'Actual end time of the activity.' },
  {
    name: 'statecode',
    kind: 'State',
    options: [
      [0, 'Open'],
      [1, 'Completed'],
      [2, 'Canceled'],
    ],
    req: 'SystemRequired',
    desc: 'Status of the activity.',
  },
  {
    name: 'statuscode',
    kind: 'Status',
    options: [
      [1, 'Open'],
      [2, 'Completed'],
      [3, 'Canceled'],
    ],
    desc: 'Reason for the status of the activity.',
  },
  {
    name: 'createdon',
    kind: 'DateTime',
    computed: true,
    desc: 'Date and time when the activity was created.',
  },
  {
    name: 'modifiedon',
    kind: 'DateTime',
    computed: true,
    desc: 'Date and time when activity was last modified.',
  },
  { name: 'versionnumber', kind: 'BigInt', computed: true, desc: 'Version number of the activity.' },
];

export const EMAIL_ACTIVITIES = {
  ferry_emailsend: { label: 'Adobe Campaign Email Send', date: 'Date Sent', extra: [] as Col[] },
  ferry_emailopen: { label: 'Adobe Campaign Email Open', date: 'Date Opened', extra: [] as Col[] },
  ferry_emailclick: {
    label: 'Adobe Campaign Email URL Click',
    date: 'Date Clicked',
    extra: [
      {
        name: 'ferry_trackingurl',
        kind: 'String',
        max: 500,
        desc: 'Tracking URL: the URL the recipient clicked.',
      },
    ] as Col[],
  },
  ferry_emailbounce: {
    label: 'Adobe Campaign Email Bounce',
    date: 'Date Bounced',
    extra: [
      { name: 'ferry_bouncereason', kind: 'String', max: 400, desc: 'Bounce reason reported by Campaign.' },
    ] as Col[],
  },
} as const;

export const emailActivityColumns = (date: string, extra: readonly Col[]): Col[] => [
  {
    name: 'ferry_eventid',
    kind: 'String',
    max: 100,
    req: 'SystemRequired',
    desc: 'Campaign event id; alternate key that makes a replayed event an update.',
  },
  { name: 'ferry_campaignname', kind: 'String', max: 100, desc: 'Campaign Name: the Campaign ID.' },
  { name: 'ferry_deliveryname', kind: 'String', max: 100, desc: 'Delivery Name: the Delivery ID.' },
  { name: 'ferry_eventdate', kind: 'DateTime', desc: `${date}: when the event was created in Campaign.` },
  { name: 'ferry_mirrorpageurl', kind: 'String', max: 500, desc: 'Mirror Page URL of the delivery.' },
  ...extra,
];

export const VEHICLE: Col[] = [
  ...std('ferry_vehicleid', 'vehicle'),
  {
    name: 'ferry_name',
    kind: 'String',
    max: 100,
    req: 'ApplicationRequired',
    desc: 'The name of the vehicle.',
  },
  { name: 'ferry_vin', kind: 'String', max: 17, desc: 'Vehicle identification number.' },
  { name: 'ferry_model', kind: 'String', max: 100, desc: 'Model of the vehicle.' },
  { name: 'ferry_year', kind: 'Integer', desc: 'Model year.' },
  {
    name: 'ferry_fueltype',
    kind: 'Picklist',
    options: [
      [100000000, 'Petrol'],
      [100000001, 'Diesel'],
      [100000002, 'Hybrid'],
      [100000003, 'Electric'],
    ],
    desc: 'Fuel type.',
  },
  { name: 'ferry_purchasedate', kind: 'DateOnly', desc: 'Date of purchase.' },
  { name: 'ferry_contactid', kind: 'Lookup', targets: ['contact'], desc: 'Owner of the vehicle.' },
];

export const SERVICE_VISIT: Col[] = [
  ...std('ferry_servicevisitid', 'service visit'),
  {
    name: 'ferry_name',
    kind: 'String',
    max: 100,
    req: 'ApplicationRequired',
    desc: 'The name of the service visit.',
  },
  { name: 'ferry_visitdate', kind: 'DateOnly', desc: 'Date of the visit.' },
  { name: 'ferry_cost', kind: 'Decimal', desc: 'Cost of the visit.' },
  { name: 'ferry_mileage', kind: 'Integer', desc: 'Odometer reading at the visit.' },
  { name: 'ferry_vehicleid', kind: 'Lookup', targets: ['ferry_vehicle'], desc: 'Vehicle serviced.' },
];

export const NOTE: Col[] = [
  ...std('ferry_noteid', 'note'),
  { name: 'ferry_name', kind: 'String', max: 100, req: 'ApplicationRequired', desc: 'Title of the note.' },
  { name: 'ferry_text', kind: 'Memo', max: 4000, desc: 'Text of the note.' },
  { name: 'ferry_contactid', kind: 'Lookup', targets: ['contact'], desc: 'Contact the note is about.' },
];

export const TASK_EXTRA: Col[] = [
  {
    name: 'category',
    kind: 'String',
    max: 250,
    desc: 'Type a category to identify the task type, such as lead gathering or customer follow up, to tie the task to a business group or function.',
  },
  {
    name: 'prioritycode',
    kind: 'Picklist',
    options: [
      [0, 'Low'],
      [1, 'Normal'],
      [2, 'High'],
    ],
    desc: 'Select the priority so that preferred customers or critical issues are handled quickly.',
  },
  {
    name: 'percentcomplete',
    kind: 'Integer',
    desc: 'Type a number from 0 to 100 that shows the percentage complete of the task.',
  },
];
