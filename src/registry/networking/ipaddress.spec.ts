import { fieldErrorMessage } from 'src/apiserver/status';
import type { KubeObject } from 'src/registry/generic/object';
import { ipAddressName, ipaddress } from 'src/registry/networking/ipaddress';
import { ipaddressTable } from 'src/registry/networking/ipaddress.table';
import { servicecidr, validateServiceCIDRSpec } from 'src/registry/networking/servicecidr';
import { servicecidrTable } from 'src/registry/networking/servicecidr.table';

const ctx = { now: new Date('2026-01-01T00:00:00Z') };

describe('ipaddresses', () => {
  it('names must be canonical IP addresses', () => {
    expect(ipAddressName('10.96.0.10')).toEqual([]);
    expect(ipAddressName('2001:db8::1')).toEqual([]);
    expect(ipAddressName('2001:DB8:0::1')).toEqual(['must be a canonical format IP address']);
    expect(ipAddressName('web')).toEqual(['ParseAddr("web"): unable to parse IP']);
  });

  it('requires a parent reference with resource and name; it never changes', () => {
    const errs = (spec: unknown) => ipaddress.validate!({ metadata: { name: '10.0.0.1' }, spec } as KubeObject, ctx).map(fieldErrorMessage);
    expect(errs({})).toEqual(['spec.parentRef: Required value']);
    expect(errs({ parentRef: { resource: 'services' } })).toEqual(['spec.parentRef.name: Required value']);
    expect(errs({ parentRef: { resource: 'services', name: 'a/b', namespace: '..' } })).toEqual([
      `spec.parentRef.name: Invalid value: "a/b": may not contain '/'`,
      `spec.parentRef.namespace: Invalid value: "..": may not be '..'`,
    ]);
    const old = { metadata: { name: '10.0.0.1' }, spec: { parentRef: { resource: 'services', name: 'a' } } };
    const next = { metadata: { name: '10.0.0.1' }, spec: { parentRef: { resource: 'services', name: 'b' } } };
    expect(ipaddress.validateUpdate!(next, old, ctx).map(fieldErrorMessage)).toEqual([
      'spec.parentRef: Invalid value: {"resource":"services","name":"b"}: field is immutable',
    ]);
  });

  it('prints NAME PARENTREF', () => {
    const obj = { metadata: { name: '10.96.0.1' }, spec: { parentRef: { group: '', resource: 'services', namespace: 'default', name: 'kubernetes' } } };
    expect(ipaddressTable.cells(obj, ctx.now)).toEqual(['10.96.0.1', 'services/default/kubernetes']);
  });
});

describe('servicecidrs', () => {
  it('validates the CIDR list', () => {
    const errs = (cidrs: unknown) => validateServiceCIDRSpec({ cidrs }).map(fieldErrorMessage);
    expect(errs(['10.96.0.0/12'])).toEqual([]);
    expect(errs([])).toEqual(['spec.cidrs: Required value: at least one CIDR required']);
    expect(errs(['10.96.0.1/12'])).toEqual(['spec.cidrs[0]: Invalid value: "10.96.0.1/12": must be in canonical form ("10.96.0.0/12")']);
    expect(errs(['10.0.0.0/8', '10.96.0.0/12'])).toEqual([
      'spec.cidrs: Invalid value: ["10.0.0.0/8","10.96.0.0/12"]: may specify no more than one IP for each IP family, i.e 192.168.0.0/24 and 2001:db8::/64',
    ]);
  });

  it('keeps its CIDRs, except that a single one may gain the other family', () => {
    const old = { metadata: { name: 'k' }, spec: { cidrs: ['10.96.0.0/12'] } };
    const upd = (cidrs: string[]) => servicecidr.validateUpdate!({ metadata: { name: 'k' }, spec: { cidrs } }, old, ctx).map(fieldErrorMessage);
    expect(upd(['10.96.0.0/12', 'fd00::/108'])).toEqual([]);
    expect(upd(['10.97.0.0/16'])).toEqual(['spec.cidrs[0]: Invalid value: "10.97.0.0/16": field is immutable']);
    expect(
      servicecidrTable.cells(
        { metadata: { name: 'k', creationTimestamp: '2026-01-01T00:00:00Z' }, spec: { cidrs: ['10.96.0.0/12', 'fd00::/108'] } },
        new Date('2026-01-01T00:05:00Z'),
      ),
    ).toEqual(['k', '10.96.0.0/12,fd00::/108', '5m']);
  });
});
