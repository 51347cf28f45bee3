import { describe, expect, it } from 'vitest';
import { evaluateFilter, parseFilter, ODataSyntaxError } from '../../emulators/dynamics/odata/filter.ts';

const row = {
  firstname: 'Ann',
  lastname: "O'Bryan",
  emailaddress1: null,
  gendercode: 2,
  donotbulkemail: true,
  contactid: '49b0be2e-d01c-ed11-b83e-000d3a572421',
  createdon: '2023-04-07T21:59:01Z',
  birthdate: '1990-05-01',
};
const ev = (f: string) => evaluateFilter(f, row);

describe('$filter evaluator', () => {
  it('compares strings case-insensitively and handles escaped quotes', () => {
    expect(ev("firstname eq 'ANN'")).toBe(true);
    expect(ev("lastname eq 'o''bryan'")).toBe(true);
    expect(ev("firstname gt 'alpha'")).toBe(true);
    expect(ev("firstname lt 'AMY'")).toBe(false);
  });

  it('supports null, booleans, numbers, GUIDs and dates', () => {
    expect(ev('emailaddress1 eq null')).toBe(true);
    expect(ev('emailaddress1 ne null')).toBe(false);
    expect(ev('emailaddress1 gt null')).toBe(false);
    expect(ev('donotbulkemail eq true')).toBe(true);
    expect(ev('donotbulkemail')).toBe(true);
    expect(ev('gendercode ge 2 and gendercode lt 3')).toBe(true);
    expect(ev('contactid eq 49B0BE2E-D01C-ED11-B83E-000D3A572421')).toBe(true);
    expect(ev('createdon gt 2023-04-07T21:00:00Z')).toBe(true);
    expect(ev('createdon lt 2023-04-07')).toBe(false);
    expect(ev('birthdate eq 1990-05-01')).toBe(true);
  });

  it('combines and/or/not with parentheses and precedence', () => {
    expect(ev("firstname eq 'x' or gendercode eq 2 and donotbulkemail eq true")).toBe(true);
    expect(ev("(firstname eq 'x' or gendercode eq 2) and donotbulkemail eq false")).toBe(false);
    expect(ev("not (firstname eq 'x')")).toBe(true);
    expect(ev("not contains(lastname,'bry')")).toBe(false);
    expect(ev("startswith(firstname,'a') and endswith(lastname,'AN')")).toBe(true);
    expect(ev('firstname eq lastname')).toBe(false);
  });

  it('resolves parameter aliases', () => {
    expect(evaluateFilter('gendercode eq @p1', row, { aliases: new Map([['@p1', '2']]) })).toBe(true);
  });

  it('reports syntax errors with Dataverse wording', () => {
    expect(() => parseFilter("lastname eq 'O'Bryan'")).toThrow(
      "There is an unterminated literal at position 21 in 'lastname eq 'O'Bryan''.",
    );
    expect(() => parseFilter('name eq')).toThrow(ODataSyntaxError);
    expect(() =>
      parseFilter("Name eq 'x'", { hasProperty: (n) => n === 'name', entityName: 'account' }),
    ).toThrow("Could not find a property named 'Name' on type 'Microsoft.Dynamics.CRM.account'.");
    expect(() => parseFilter("foo(name,'x')")).toThrow(/unknown function with name 'foo'/);
  });
});

describe('$filter null semantics (SQL three-valued logic, inferred)', () => {
  const blank = { firstname: null, lastname: 'Lee', donotbulkemail: null, gendercode: null };
  const on = (f: string) => evaluateFilter(f, blank);

  it('only `eq null` / `ne null` test nullness', () => {
    expect(on('firstname eq null')).toBe(true);
    expect(on('firstname ne null')).toBe(false);
    expect(on('lastname ne null')).toBe(true);
    expect(on('null eq null')).toBe(true);
  });

  it('`ne`, `not` and orderings never match a null column', () => {
    expect(on("firstname ne 'a'")).toBe(false);
    expect(on("not (firstname eq 'a')")).toBe(false);
    expect(on('gendercode lt 5')).toBe(false);
    expect(on('not (gendercode lt 5)')).toBe(false);
    expect(on("not contains(firstname,'a')")).toBe(false);
    expect(on('not donotbulkemail')).toBe(false);
    expect(on('firstname ne lastname')).toBe(false);
    expect(on('not (firstname gt null)')).toBe(false);
  });

  it('unknown is absorbed by and/or like SQL', () => {
    expect(on("firstname ne 'a' or lastname eq 'lee'")).toBe(true);
    expect(on("not (firstname eq 'a' and lastname eq 'x')")).toBe(true);
    expect(on("not (firstname eq 'a' or lastname eq 'x')")).toBe(false);
    expect(on("not (firstname eq 'a' or lastname eq 'lee')")).toBe(false);
  });
});
