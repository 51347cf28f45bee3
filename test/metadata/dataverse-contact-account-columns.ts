// The contact and account columns a Dataverse org carries out of the box, one line per column, transcribed from
// Microsoft Learn's table/entity reference (CC BY 4.0, see tenants/sandbox/metadata/README.md for the URLs).
// Line: logicalName|Kind|extra|required|flags|Display name, where extra is MaxLength[:Format] for String/Memo,
// targets for lookups, `value=Label;…` options for Picklist/Boolean; required R(ecommended)/A(pplication)/S(ystem);
// flags `ro` for read-only (computed). Left out: virtual *name/*yominame columns (not Web API properties),
// Image and EntityName columns, and columns that are not valid for read.
import type { Col, Kind } from './sandbox-columns.ts';

const CONTACT_LINES = `
accountrolecode|Picklist|1=Decision Maker;2=Employee;3=Influencer|||Role
address1_addressid|Uniqueidentifier||||Address 1: ID
address1_addresstypecode|Picklist|1=Bill To;2=Ship To;3=Primary;4=Other|||Address 1: Address Type
address1_city|String|80|||Address 1: City
address1_country|String|80|||Address 1: Country/Region
address1_county|String|50|||Address 1: County
address1_fax|String|50|||Address 1: Fax
address1_freighttermscode|Picklist|1=FOB;2=No Charge|||Address 1: Freight Terms
address1_latitude|Double||||Address 1: Latitude
address1_line1|String|250|||Address 1: Street 1
address1_line2|String|250|||Address 1: Street 2
address1_line3|String|250|||Address 1: Street 3
address1_longitude|Double||||Address 1: Longitude
address1_name|String|200|||Address 1: Name
address1_postalcode|String|20|||Address 1: ZIP/Postal Code
address1_postofficebox|String|20|||Address 1: Post Office Box
address1_primarycontactname|String|100|||Address 1: Primary Contact Name
address1_shippingmethodcode|Picklist|1=Airborne;2=DHL;3=FedEx;4=UPS;5=Postal Mail;6=Full Load;7=Will Call|||Address 1: Shipping Method
address1_stateorprovince|String|50|||Address 1: State/Province
address1_telephone1|String|50:Phone|||Address 1: Phone
address1_telephone2|String|50:Phone|||Address 1: Telephone 2
address1_telephone3|String|50:Phone|||Address 1: Telephone 3
address1_upszone|String|4|||Address 1: UPS Zone
address1_utcoffset|Integer||||Address 1: UTC Offset
address2_addressid|Uniqueidentifier||||Address 2: ID
address2_addresstypecode|Picklist|1=Default Value|||Address 2: Address Type
address2_city|String|80|||Address 2: City
address2_country|String|80|||Address 2: Country/Region
address2_county|String|50|||Address 2: County
address2_fax|String|50|||Address 2: Fax
address2_freighttermscode|Picklist|1=Default Value|||Address 2: Freight Terms
address2_latitude|Double||||Address 2: Latitude
address2_line1|String|250|||Address 2: Street 1
address2_line2|String|250|||Address 2: Street 2
address2_line3|String|250|||Address 2: Street 3
address2_longitude|Double||||Address 2: Longitude
address2_name|String|100|||Address 2: Name
address2_postalcode|String|20|||Address 2: ZIP/Postal Code
address2_postofficebox|String|20|||Address 2: Post Office Box
address2_primarycontactname|String|100|||Address 2: Primary Contact Name
address2_shippingmethodcode|Picklist|1=Default Value|||Address 2: Shipping Method
address2_stateorprovince|String|50|||Address 2: State/Province
address2_telephone1|String|50:Phone|||Address 2: Telephone 1
address2_telephone2|String|50:Phone|||Address 2: Telephone 2
address2_telephone3|String|50:Phone|||Address 2: Telephone 3
address2_upszone|String|4|||Address 2: UPS Zone
address2_utcoffset|Integer||||Address 2: UTC Offset
address3_addressid|Uniqueidentifier||||Address 3: ID
address3_addresstypecode|Picklist|1=Default Value|||Address 3: Address Type
address3_city|String|80|||Address 3: City
address3_country|String|80|||Address3: Country/Region
address3_county|String|50|||Address 3: County
address3_fax|String|50|||Address 3: Fax
address3_freighttermscode|Picklist|1=Default Value|||Address 3: Freight Terms
address3_latitude|Double||||Address 3: Latitude
address3_line1|String|250|||Address3: Street 1
address3_line2|String|250|||Address3: Street 2
address3_line3|String|250|||Address3: Street 3
address3_longitude|Double||||Address 3: Longitude
address3_name|String|200|||Address 3: Name
address3_postalcode|String|20|||Address3: ZIP/Postal Code
address3_postofficebox|String|20|||Address 3: Post Office Box
address3_primarycontactname|String|100|||Address 3: Primary Contact Name
address3_shippingmethodcode|Picklist|1=Default Value|||Address 3: Shipping Method
address3_stateorprovince|String|50|||Address3: State/Province
address3_telephone1|String|50:Phone|||Address 3: Telephone1
address3_telephone2|String|50:Phone|||Address 3: Telephone2
address3_telephone3|String|50:Phone|||Address 3: Telephone3
address3_upszone|String|4|||Address 3: UPS Zone
address3_utcoffset|Integer||||Address 3: UTC Offset
anniversary|DateOnly||||Anniversary
annualincome|Money||||Annual Income
assistantname|String|100|||Assistant
assistantphone|String|50:Phone|||Assistant Phone
birthdate|DateOnly||||Birthday
business2|String|50:Phone|||Business Phone 2
callback|String|50:Phone|||Callback Number
childrensnames|String|255|||Children's Names
company|String|50:Phone|||Company Phone
contactid|Uniqueidentifier||S||Contact
creditlimit|Money||||Credit Limit
creditonhold|Boolean|0=No;1=Yes|||Credit Hold
customersizecode|Picklist|1=Default Value|||Customer Size
customertypecode|Picklist|1=Default Value|||Relationship Type
department|String|100|||Department
description|Memo|2000|||Description
donotbulkemail|Boolean|0=Allow;1=Do Not Allow|||Do not allow Bulk Emails
donotbulkpostalmail|Boolean|0=No;1=Yes|||Do not allow Bulk Mails
donotemail|Boolean|0=Allow;1=Do Not Allow|||Do not allow Emails
donotfax|Boolean|0=Allow;1=Do Not Allow|||Do not allow Faxes
donotphone|Boolean|0=Allow;1=Do Not Allow|||Do not allow Phone Calls
donotpostalmail|Boolean|0=Allow;1=Do Not Allow|||Do not allow Mails
donotsendmm|Boolean|0=Send;1=Do Not Send|||Send Marketing Materials
educationcode|Picklist|1=Default Value|||Education
emailaddress1|String|100:Email|||Email
emailaddress2|String|100:Email|||Email Address 2
emailaddress3|String|100:Email|||Email Address 3
employeeid|String|50|||Employee
externaluseridentifier|String|50|||External User Identifier
familystatuscode|Picklist|1=Single;2=Married;3=Divorced;4=Widowed|||Marital Status
fax|String|50|||Fax
firstname|String|50|R||First Name
followemail|Boolean|0=Do Not Allow;1=Allow|||Follow Email Activity
ftpsiteurl|String|200:Url|||FTP Site
gendercode|Picklist|1=Male;2=Female|||Gender
governmentid|String|50|||Government
haschildrencode|Picklist|1=Default Value|||Has Children
home2|String|50:Phone|||Home Phone 2
importsequencenumber|Integer||||Import Sequence Number
isbackofficecustomer|Boolean|0=No;1=Yes|||Back Office Customer
jobtitle|String|100|||Job Title
lastname|String|50|A||Last Name
lastonholdtime|DateTime||||Last On Hold Time
lastusedincampaign|DateTime||||Last Date Included in Campaign
leadsourcecode|Picklist|1=Default Value|||Lead Source
managername|String|100|||Manager
managerphone|String|50:Phone|||Manager Phone
marketingonly|Boolean|0=No;1=Yes|||Marketing Only
middlename|String|50|||Middle Name
mobilephone|String|50:Phone|||Mobile Phone
nickname|String|100|||Nickname
numberofchildren|Integer||||No. of Children
overriddencreatedon|DateTime||||Record Created On
ownerid|Owner|systemuser,team|S||Owner
pager|String|50|||Pager
parentcustomerid|Customer|account,contact|||Company Name
participatesinworkflow|Boolean|0=No;1=Yes|||Participates in Workflow
paymenttermscode|Picklist|1=Net 30;2=2% 10, Net 30;3=Net 45;4=Net 60|||Payment Terms
preferredappointmentdaycode|Picklist|0=Sunday;1=Monday;2=Tuesday;3=Wednesday;4=Thursday;5=Friday;6=Saturday|||Preferred Day
preferredappointmenttimecode|Picklist|1=Morning;2=Afternoon;3=Evening|||Preferred Time
preferredcontactmethodcode|Picklist|1=Any;2=Email;3=Phone;4=Fax;5=Mail|||Preferred Method of Contact
preferredsystemuserid|Lookup|systemuser|||Preferred User
processid|Uniqueidentifier||||Process
salutation|String|100|||Salutation
shippingmethodcode|Picklist|1=Default Value|||Shipping Method
slaid|Lookup|sla|||SLA
spousesname|String|100|||Spouse/Partner Name
stageid|Uniqueidentifier||||(Deprecated) Process Stage
statecode|State|0=Active;1=Inactive|S||Status
statuscode|Status|1=Active;2=Inactive|||Status Reason
suffix|String|10|||Suffix
telephone1|String|50:Phone|||Business Phone
telephone2|String|50:Phone|||Home Phone
telephone3|String|50:Phone|||Telephone 3
territorycode|Picklist|1=Default Value|||Territory
timezoneruleversionnumber|Integer||||Time Zone Rule Version Number
transactioncurrencyid|Lookup|transactioncurrency|||Currency
traversedpath|String|1250|||(Deprecated) Traversed Path
utcconversiontimezonecode|Integer||||UTC Conversion Time Zone Code
websiteurl|String|200:Url|||Website
yomifirstname|String|150:PhoneticGuide|||Yomi First Name
yomilastname|String|150:PhoneticGuide|||Yomi Last Name
yomimiddlename|String|150:PhoneticGuide|||Yomi Middle Name
accountid|Lookup|account||ro|Account
address1_composite|Memo|1000||ro|Address 1
address2_composite|Memo|1000||ro|Address 2
address3_composite|Memo|1000||ro|Address 3
aging30|Money|||ro|Aging 30
aging30_base|Money|||ro|Aging 30 (Base)
aging60|Money|||ro|Aging 60
aging60_base|Money|||ro|Aging 60 (Base)
aging90|Money|||ro|Aging 90
aging90_base|Money|||ro|Aging 90 (Base)
annualincome_base|Money|||ro|Annual Income (Base)
createdby|Lookup|systemuser||ro|Created By
createdbyexternalparty|Lookup|externalparty||ro|Created By (External Party)
createdon|DateTime|||ro|Created On
createdonbehalfby|Lookup|systemuser||ro|Created By (Delegate)
creditlimit_base|Money|||ro|Credit Limit (Base)
entityimage_timestamp|BigInt|||ro|Entity Image Timestamp
entityimage_url|String|200:Url||ro|Entity Image URL
entityimageid|Uniqueidentifier|||ro|Entity Image Id
exchangerate|Decimal|||ro|Exchange Rate
fullname|String|160||ro|Full Name
masterid|Lookup|contact||ro|Master ID
merged|Boolean|0=No;1=Yes||ro|Merged
modifiedby|Lookup|systemuser||ro|Modified By
modifiedbyexternalparty|Lookup|externalparty||ro|Modified By (External Party)
modifiedon|DateTime|||ro|Modified On
modifiedonbehalfby|Lookup|systemuser||ro|Modified By (Delegate)
onholdtime|Integer|||ro|On Hold Time (Minutes)
owningbusinessunit|Lookup|businessunit||ro|Owning Business Unit
owningteam|Lookup|team||ro|Owning Team
owninguser|Lookup|systemuser||ro|Owning User
parentcontactid|Lookup|contact||ro|Parent Contact
slainvokedid|Lookup|sla||ro|Last SLA applied
timespentbymeonemailandmeetings|String|1250||ro|Time Spent by me
versionnumber|BigInt|||ro|Version Number
yomifullname|String|450:PhoneticGuide||ro|Yomi Full Name
`;

const ACCOUNT_LINES = `
accountcategorycode|Picklist|1=Preferred Customer;2=Standard|||Category
accountclassificationcode|Picklist|1=Default Value|||Classification
accountid|Uniqueidentifier||S||Account
accountnumber|String|20|||Account Number
accountratingcode|Picklist|1=Default Value|||Account Rating
address1_addressid|Uniqueidentifier||||Address 1: ID
address1_addresstypecode|Picklist|1=Bill To;2=Ship To;3=Primary;4=Other|||Address 1: Address Type
address1_city|String|80|||Address 1: City
address1_country|String|80|||Address 1: Country/Region
address1_county|String|50|||Address 1: County
address1_fax|String|50|||Address 1: Fax
address1_freighttermscode|Picklist|1=FOB;2=No Charge|||Address 1: Freight Terms
address1_latitude|Double||||Address 1: Latitude
address1_line1|String|250|||Address 1: Street 1
address1_line2|String|250|||Address 1: Street 2
address1_line3|String|250|||Address 1: Street 3
address1_longitude|Double||||Address 1: Longitude
address1_name|String|200|||Address 1: Name
address1_postalcode|String|20|||Address 1: ZIP/Postal Code
address1_postofficebox|String|20|||Address 1: Post Office Box
address1_primarycontactname|String|100|||Address 1: Primary Contact Name
address1_shippingmethodcode|Picklist|1=Airborne;2=DHL;3=FedEx;4=UPS;5=Postal Mail;6=Full Load;7=Will Call|||Address 1: Shipping Method
address1_stateorprovince|String|50|||Address 1: State/Province
address1_telephone1|String|50:Phone|||Address 1: Phone
address1_telephone2|String|50:Phone|||Address 1: Telephone 2
address1_telephone3|String|50:Phone|||Address 1: Telephone 3
address1_upszone|String|4|||Address 1: UPS Zone
address1_utcoffset|Integer||||Address 1: UTC Offset
address2_addressid|Uniqueidentifier||||Address 2: ID
address2_addresstypecode|Picklist|1=Default Value|||Address 2: Address Type
address2_city|String|80|||Address 2: City
address2_country|String|80|||Address 2: Country/Region
address2_county|String|50|||Address 2: County
address2_fax|String|50|||Address 2: Fax
address2_freighttermscode|Picklist|1=Default Value|||Address 2: Freight Terms
address2_latitude|Double||||Address 2: Latitude
address2_line1|String|250|||Address 2: Street 1
address2_line2|String|250|||Address 2: Street 2
address2_line3|String|250|||Address 2: Street 3
address2_longitude|Double||||Address 2: Longitude
address2_name|String|100|||Address 2: Name
address2_postalcode|String|20|||Address 2: ZIP/Postal Code
address2_postofficebox|String|20|||Address 2: Post Office Box
address2_primarycontactname|String|100|||Address 2: Primary Contact Name
address2_shippingmethodcode|Picklist|1=Default Value|||Address 2: Shipping Method
address2_stateorprovince|String|50|||Address 2: State/Province
address2_telephone1|String|50:Phone|||Address 2: Telephone 1
address2_telephone2|String|50:Phone|||Address 2: Telephone 2
address2_telephone3|String|50:Phone|||Address 2: Telephone 3
address2_upszone|String|4|||Address 2: UPS Zone
address2_utcoffset|Integer||||Address 2: UTC Offset
businesstypecode|Picklist|1=Default Value|||Business Type
creditlimit|Money||||Credit Limit
creditonhold|Boolean|0=No;1=Yes|||Credit Hold
customersizecode|Picklist|1=Default Value|||Customer Size
customertypecode|Picklist|1=Competitor;2=Consultant;3=Customer;4=Investor;5=Partner;6=Influencer;7=Press;8=Prospect;9=Reseller;10=Supplier;11=Vendor;12=Other|||Relationship Type
description|Memo|2000|||Description
donotbulkemail|Boolean|0=Allow;1=Do Not Allow|||Do not allow Bulk Emails
donotbulkpostalmail|Boolean|0=No;1=Yes|||Do not allow Bulk Mails
donotemail|Boolean|0=Allow;1=Do Not Allow|||Do not allow Emails
donotfax|Boolean|0=Allow;1=Do Not Allow|||Do not allow Faxes
donotphone|Boolean|0=Allow;1=Do Not Allow|||Do not allow Phone Calls
donotpostalmail|Boolean|0=Allow;1=Do Not Allow|||Do not allow Mails
donotsendmm|Boolean|0=Send;1=Do Not Send|||Send Marketing Materials
emailaddress1|String|100:Email|||Email
emailaddress2|String|100:Email|||Email Address 2
emailaddress3|String|100:Email|||Email Address 3
fax|String|50|||Fax
followemail|Boolean|0=Do Not Allow;1=Allow|||Follow Email Activity
ftpsiteurl|String|200:Url|||FTP Site
importsequencenumber|Integer||||Import Sequence Number
industrycode|Picklist|1=Accounting;2=Agriculture and Non-petrol Natural Resource Extraction;3=Broadcasting Printing and Publishing;4=Brokers;5=Building Supply Retail;6=Business Services;7=Consulting;8=Consumer Services;9=Design, Direction and Creative Management;10=Distributors, Dispatchers and Processors;11=Doctor's Offices and Clinics;12=Durable Manufacturing;13=Eating and Drinking Places;14=Entertainment Retail;15=Equipment Rental and Leasing;16=Financial;17=Food and Tobacco Processing;18=Inbound Capital Intensive Processing;19=Inbound Repair and Services;20=Insurance;21=Legal Services;22=Non-Durable Merchandise Retail;23=Outbound Consumer Service;24=Petrochemical Extraction and Distribution;25=Service Retail;26=SIG Affiliations;27=Social Services;28=Special Outbound Trade Contractors;29=Specialty Realty;30=Transportation;31=Utility Creation and Distribution;32=Vehicle Retail;33=Wholesale|||Industry
lastonholdtime|DateTime||||Last On Hold Time
lastusedincampaign|DateTime||||Last Date Included in Campaign
marketcap|Money||||Market Capitalization
marketingonly|Boolean|0=No;1=Yes|||Marketing Only
name|String|160|A||Account Name
numberofemployees|Integer||||Number of Employees
overriddencreatedon|DateTime||||Record Created On
ownerid|Owner|systemuser,team|S||Owner
ownershipcode|Picklist|1=Public;2=Private;3=Subsidiary;4=Other|||Ownership
parentaccountid|Lookup|account|||Parent Account
participatesinworkflow|Boolean|0=No;1=Yes|||Participates in Workflow
paymenttermscode|Picklist|1=Net 30;2=2% 10, Net 30;3=Net 45;4=Net 60|||Payment Terms
preferredappointmentdaycode|Picklist|0=Sunday;1=Monday;2=Tuesday;3=Wednesday;4=Thursday;5=Friday;6=Saturday|||Preferred Day
preferredappointmenttimecode|Picklist|1=Morning;2=Afternoon;3=Evening|||Preferred Time
preferredcontactmethodcode|Picklist|1=Any;2=Email;3=Phone;4=Fax;5=Mail|||Preferred Method of Contact
preferredsystemuserid|Lookup|systemuser|||Preferred User
primarycontactid|Lookup|contact|||Primary Contact
primarysatoriid|String|200|||Primary Satori ID
primarytwitterid|String|128|||Primary Twitter ID
processid|Uniqueidentifier||||Process
revenue|Money||||Annual Revenue
sharesoutstanding|Integer||||Shares Outstanding
shippingmethodcode|Picklist|1=Default Value|||Shipping Method
sic|String|20|||SIC Code
slaid|Lookup|sla|||SLA
stageid|Uniqueidentifier||||(Deprecated) Process Stage
statecode|State|0=Active;1=Inactive|S||Status
statuscode|Status|1=Active;2=Inactive|||Status Reason
stockexchange|String|20|||Stock Exchange
telephone1|String|50:Phone|||Main Phone
telephone2|String|50:Phone|||Other Phone
telephone3|String|50:Phone|||Telephone 3
territorycode|Picklist|1=Default Value|||Territory Code
tickersymbol|String|10:TickerSymbol|||Ticker Symbol
timezoneruleversionnumber|Integer||||Time Zone Rule Version Number
transactioncurrencyid|Lookup|transactioncurrency|||Currency
traversedpath|String|1250|||(Deprecated) Traversed Path
utcconversiontimezonecode|Integer||||UTC Conversion Time Zone Code
websiteurl|String|200:Url|||Website
yominame|String|160:PhoneticGuide|||Yomi Account Name
address1_composite|Memo|1000||ro|Address 1
address2_composite|Memo|1000||ro|Address 2
aging30|Money|||ro|Aging 30
aging30_base|Money|||ro|Aging 30 (Base)
aging60|Money|||ro|Aging 60
aging60_base|Money|||ro|Aging 60 (Base)
aging90|Money|||ro|Aging 90
aging90_base|Money|||ro|Aging 90 (Base)
createdby|Lookup|systemuser||ro|Created By
createdbyexternalparty|Lookup|externalparty||ro|Created By (External Party)
createdon|DateTime|||ro|Created On
createdonbehalfby|Lookup|systemuser||ro|Created By (Delegate)
creditlimit_base|Money|||ro|Credit Limit (Base)
entityimage_timestamp|BigInt|||ro|Entity Image Timestamp
entityimage_url|String|200:Url||ro|Entity Image URL
entityimageid|Uniqueidentifier|||ro|Entity Image Id
exchangerate|Decimal|||ro|Exchange Rate
marketcap_base|Money|||ro|Market Capitalization (Base)
masterid|Lookup|account||ro|Master ID
merged|Boolean|0=No;1=Yes||ro|Merged
modifiedby|Lookup|systemuser||ro|Modified By
modifiedbyexternalparty|Lookup|externalparty||ro|Modified By (External Party)
modifiedon|DateTime|||ro|Modified On
modifiedonbehalfby|Lookup|systemuser||ro|Modified By (Delegate)
onholdtime|Integer|||ro|On Hold Time (Minutes)
owningbusinessunit|Lookup|businessunit||ro|Owning Business Unit
owningteam|Lookup|team||ro|Owning Team
owninguser|Lookup|systemuser||ro|Owning User
revenue_base|Money|||ro|Annual Revenue (Base)
slainvokedid|Lookup|sla||ro|Last SLA applied
timespentbymeonemailandmeetings|String|1250||ro|Time Spent by me
versionnumber|BigInt|||ro|Version Number
`;

const REQ = { R: 'Recommended', A: 'ApplicationRequired', S: 'SystemRequired' } as const;
const OPTION_KINDS = new Set<Kind>(['Picklist', 'State', 'Status', 'Boolean']);
const LOOKUP_KINDS = new Set<Kind>(['Lookup', 'Customer', 'Owner']);

/** One `name|Kind|extra|req|flags|display` line as a column spec. */
export function parseColumn(line: string): Col {
  const [name = '', kind = '', extra = '', req = '', flags = '', display = ''] = line.split('|');
  const k = kind as Kind;
  const col: { -readonly [P in keyof Col]: Col[P] } = { name, kind: k, desc: display };
  if (req) col.req = REQ[req as keyof typeof REQ];
  if (flags === 'ro') col.computed = true;
  if (LOOKUP_KINDS.has(k)) col.targets = extra.split(',');
  else if (OPTION_KINDS.has(k)) {
    const options = extra.split(';').map((o): [number, string] => {
      const at = o.indexOf('=');
      return [Number(o.slice(0, at)), o.slice(at + 1)];
    });
    if (k === 'Boolean')
      col.bool = [options.find(([v]) => v === 0)?.[1] ?? 'No', options.find(([v]) => v === 1)?.[1] ?? 'Yes'];
    else col.options = options;
  } else if (extra) {
    const [max, format] = extra.split(':');
    col.max = Number(max);
    if (format) col.format = format;
  }
  return col;
}

const parse = (text: string): Col[] => text.trim().split('\n').map(parseColumn);

/** Contact columns of a Dataverse org (Microsoft Learn, contact table/entity reference). */
export const DATAVERSE_CONTACT: readonly Col[] = parse(CONTACT_LINES);
/** Account columns of a Dataverse org (Microsoft Learn, account table/entity reference). */
export const DATAVERSE_ACCOUNT: readonly Col[] = parse(ACCOUNT_LINES);

/** `own` as it is, then every documented column it does not have yet (mappings and seeds rely on `own`). */
export const withDocumented = (own: readonly Col[], documented: readonly Col[]): Col[] => {
  const have = new Set(own.map((c) => c.name));
  return [...own, ...documented.filter((c) => !have.has(c.name))];
};
