import { fieldErrorMessage } from 'src/apiserver/status';
import type { KubeObject } from 'src/registry/generic/object';
import type { StrategyContext } from 'src/registry/generic/resource';
import { cronjob } from 'src/registry/batch/cronjob';
import { cronjobTable } from 'src/registry/batch/cronjob.table';
import { cronScheduleError, goDurationError } from 'src/registry/batch/cron-schedule';

const ctx: StrategyContext = { namespace: 'default', now: new Date('2026-01-01T00:00:00Z') };

function create(obj: KubeObject): string[] {
  cronjob.defaults!(obj, ctx);
  cronjob.prepareForCreate!(obj, ctx);
  return cronjob.validate!(obj, ctx).map(fieldErrorMessage);
}

function update(obj: KubeObject, old: KubeObject): string[] {
  cronjob.defaults!(obj, ctx);
  obj.status = old.status;
  return cronjob.validateUpdate!(obj, old, ctx).map(fieldErrorMessage);
}

/** The body `kubectl create cronjob cj1 --image=busybox --schedule="*\/1 * * * *"` sends. */
const kubectlCreate = (schedule = '*/1 * * * *'): KubeObject => ({
  kind: 'CronJob',
  apiVersion: 'batch/v1',
  metadata: { name: 'cj1', namespace: 'default' },
  spec: {
    schedule,
    jobTemplate: {
      metadata: { name: 'cj1', creationTimestamp: null },
      spec: { template: { metadata: {}, spec: { containers: [{ name: 'cj1', image: 'busybox', resources: {} }], restartPolicy: 'OnFailure' } } },
    },
  },
  status: {},
});

describe('cronjobs: schedules', () => {
  it.each(['*/1 * * * *', '0 0 * * MON-FRI', '0 9 1-7 jan,jul sun', '? * * * *', '5,10,15 */2 * * *', '@hourly', '@midnight', '@every 1h30m', '@every 90s'])(
    'accepts %j',
    (schedule) => {
      expect(create(kubectlCreate(schedule))).toEqual([]);
    },
  );

  it.each([
    ['foo', 'expected exactly 5 fields, found 1: [foo]'],
    ['* * * * * *', 'expected exactly 5 fields, found 6: [* * * * * *]'],
    ['60 * * * *', 'end of range (60) above maximum (59): 60'],
    ['* 24 * * *', 'end of range (24) above maximum (23): 24'],
    ['* * 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
    ['*/2/3 * * * *', 'too many slashes: */2/3'],
    ['a * * * *', 'failed to parse int from a: strconv.Atoi: parsing "a": invalid syntax'],
    ['* * * foo *', 'failed to parse int from foo: strconv.Atoi: parsing "foo": invalid syntax'],
    ['@weekly2', 'unrecognized descriptor: @weekly2'],
    ['@every', 'unrecognized descriptor: @every'],
    ['@every 5x', 'failed to parse duration @every 5x: time: unknown unit "x" in duration "5x"'],
    ['@every 10', 'failed to parse duration @every 10: time: missing unit in duration "10"'],
  ])('rejects %j with the parser message', (schedule, message) => {
    expect(create(kubectlCreate(schedule))).toEqual([`spec.schedule: Invalid value: ${JSON.stringify(schedule)}: ${message}`]);
  });

  it('forbids TZ in new schedules, and reports bad locations first', () => {
    expect(create(kubectlCreate('TZ=UTC 0 * * * *'))).toEqual([
      'spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    ]);
    expect(create(kubectlCreate('CRON_TZ=Mars/Phobos 0 * * * *'))).toEqual([
      'spec.schedule: Invalid value: "CRON_TZ=Mars/Phobos 0 * * * *": provided bad location Mars/Phobos: unknown time zone Mars/Phobos',
      'spec.schedule: Invalid value: "CRON_TZ=Mars/Phobos 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    ]);
  });

  it('keeps an existing TZ schedule updatable unless timeZone is also set', () => {
    const old = kubectlCreate('TZ=UTC 0 * * * *');
    cronjob.defaults!(old, ctx);
    const next = structuredClone(old);
    next.spec.suspend = true;
    expect(update(next, old)).toEqual([]);
    const both = structuredClone(old);
    both.spec.timeZone = 'UTC';
    expect(update(both, old)).toEqual(['spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use both timeZone field and TZ or CRON_TZ in schedule']);
  });

  it('requires a schedule', () => {
    expect(create(kubectlCreate(''))).toEqual(['spec.schedule: Required value']);
  });

  it.each([
    ['0', undefined],
    ['1h30m', undefined],
    ['-1.5h', undefined],
    ['.5s', undefined],
    ['', 'time: invalid duration ""'],
    ['.s', 'time: invalid duration ".s"'],
    ['1d', 'time: unknown unit "d" in duration "1d"'],
  ])('parses Go duration %j', (text, err) => {
    expect(goDurationError(text)).toBe(err);
  });

  it('parses the parser alone', () => {
    expect(cronScheduleError('')).toBe('empty spec string');
    expect(cronScheduleError('TZ=America/New_York 0 9 * * *')).toBeUndefined();
  });
});

describe('cronjobs: time zones', () => {
  it.each([
    ['America/New_York', []],
    ['Etc/UTC', []],
    ['', ['spec.timeZone: Invalid value: "": timeZone must be nil or non-empty string']],
    ['Local', ['spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones']],
    ['Mars/Phobos', ['spec.timeZone: Invalid value: "Mars/Phobos": unknown time zone Mars/Phobos']],
    ['america/new_york', ['spec.timeZone: Invalid value: "america/new_york": unknown time zone america/new_york']],
    ['Averyveryverylongname', ['spec.timeZone: Invalid value: "Averyveryverylongname": unknown time zone Averyveryverylongname']],
  ])('%j', (timeZone, errors) => {
    const obj = kubectlCreate();
    obj.spec.timeZone = timeZone;
    expect(create(obj)).toEqual(errors);
  });
});

describe('cronjobs: defaults and validation', () => {
  it('stores `kubectl create cronjob` as a 1.35 cluster does', () => {
    const obj = kubectlCreate();
    expect(create(obj)).toEqual([]);
    const { jobTemplate, ...rest } = obj.spec;
    expect(rest).toEqual({ concurrencyPolicy: 'Allow', failedJobsHistoryLimit: 1, schedule: '*/1 * * * *', successfulJobsHistoryLimit: 3, suspend: false });
    expect(jobTemplate.metadata).toEqual({ name: 'cj1' });
    expect(Object.keys(jobTemplate.spec)).toEqual(['template']);
    expect(jobTemplate.spec.template.spec.terminationGracePeriodSeconds).toBe(30);
    expect(obj.status).toEqual({});
  });

  it('checks the job template like a job, but without a selector', () => {
    const obj = kubectlCreate();
    obj.spec.jobTemplate.spec.template.spec.restartPolicy = 'Always';
    obj.spec.jobTemplate.spec.selector = { matchLabels: { a: 'b' } };
    obj.spec.jobTemplate.spec.manualSelector = true;
    obj.spec.concurrencyPolicy = 'Sometimes';
    obj.spec.successfulJobsHistoryLimit = -1;
    expect(create(obj)).toEqual([
      'spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"',
      'spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
      'spec.jobTemplate.spec.selector: Invalid value: {"matchLabels":{"a":"b"}}: `selector` will be auto-generated',
      'spec.jobTemplate.spec.manualSelector: Unsupported value: true: supported values: "nil", "false"',
      'spec.successfulJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0',
    ]);
  });

  it('limits names to 52 characters on create only', () => {
    const obj = kubectlCreate();
    obj.metadata.name = 'c'.repeat(53);
    expect(create(obj)).toEqual([`metadata.name: Invalid value: "${'c'.repeat(53)}": must be no more than 52 characters`]);
    expect(update(structuredClone(obj), obj)).toEqual([]);
  });
});

describe('cronjobs: printing', () => {
  it('prints NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE, wide CONTAINERS IMAGES SELECTOR', () => {
    const now = new Date('2026-01-01T00:10:00Z');
    const obj = kubectlCreate();
    create(obj);
    obj.metadata.creationTimestamp = '2026-01-01T00:00:00Z';
    expect(cronjobTable.columns.map((c) => (c.priority ? `(${c.name})` : c.name))).toEqual([
      'Name',
      'Schedule',
      'Timezone',
      'Suspend',
      'Active',
      'Last Schedule',
      'Age',
      '(Containers)',
      '(Images)',
      '(Selector)',
    ]);
    expect(cronjobTable.cells(obj, now)).toEqual(['cj1', '*/1 * * * *', '<none>', 'False', 0, '<none>', '10m', 'cj1', 'busybox', '<none>']);
    obj.spec.timeZone = 'Europe/Paris';
    obj.status = { active: [{ name: 'cj1-1' }], lastScheduleTime: '2026-01-01T00:09:00Z' };
    expect(cronjobTable.cells(obj, now).slice(2, 6)).toEqual(['Europe/Paris', 'False', 1, '60s']);
  });
});
