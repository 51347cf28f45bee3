// Word lists for generated people and vehicles: plain, unicode and hostile values on purpose.
export const FIRST = [
  'Ann',
  'John',
  'Maria',
  'Lars',
  'Zoë',
  'Łukasz',
  'José',
  'Chloé',
  'Siobhán',
  'Mohammed',
  'Aiko',
  '王芳',
  'Ólafur',
  'Nuño',
  'Jean-Luc',
  "D'Arcy",
  'Émilie',
  'Søren',
  'Ngozi',
  'Priya',
];
export const LAST = [
  'Smith',
  "O'Brien",
  'Müller',
  'García',
  'Nguyễn',
  'Kowalski',
  "D'Angelo",
  'Johansson',
  'Ñúñez',
  'Smith-Jones',
  'van der Berg',
  'Øster',
  '李',
  'Ivanova',
  'Okafor',
  'MacDonald',
  'Dubois',
  'Rossi',
  'Şahin',
  'Papadopoulos',
];
export const DOMAINS = ['example.com', 'example.org', 'mail.example.net', 'exämple.de'];
/** Emails that Campaign's email dataPolicy must refuse. */
export const INVALID_EMAILS = [
  'not-an-email',
  'a@b',
  'x@@example.com',
  'john doe@example.com',
  'trailing.dot@example.',
  '@example.com',
];
export const MODELS = [
  'Volvo XC60',
  'Toyota Corolla',
  'VW Golf',
  'Tesla Model 3',
  'Renault Zoé',
  'Škoda Octavia',
  'Ford Transit',
];
export const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
export const VISITS = [
  'Annual service',
  'Tyre change',
  'Brake pads',
  'Recall: airbag',
  'Oil change',
  'Inspection',
];
