import { describe, expect, it } from 'vitest';
import { checkSubscribeData, dataProblemErrmsg, keywordType } from './subscribe-data';

const one = (key: string, value: unknown) => checkSubscribeData({ [key]: { value } });

describe('subscribe data rules', () => {
  it('reads the keyword type from the key', () => {
    expect(keywordType('thing1')).toBe('thing');
    expect(keywordType('character_string12')).toBe('character_string');
    expect(keywordType('phone_number3')).toBe('phone_number');
    expect(keywordType('remark')).toBeUndefined();
  });

  it.each([
    ['thing1', '高一(3)班 期中考试成绩已发布'],
    ['thing1', 'x'.repeat(20)],
    ['short_thing2', '已发布'],
    ['phrase2', '待确认'],
    ['phrase2', '五个汉字啊'],
    ['character_string3', 'NOTICE-2025-0901-abc'],
    ['number4', '339208499'],
    ['number4', '98.5'],
    ['letter5', 'ABCabc'],
    ['symbol6', '★!'],
    ['name7', '欧阳娜娜'],
    ['name7', 'Li Lei'],
    ['time8', '15:01'],
    ['time8', '2019年10月1日 15:01'],
    ['time8', '2023-08-21 22:48:54'],
    ['time8', '2025-09-01 08:00~2025-09-01 09:30'],
    ['date9', '2019年10月1日'],
    ['date9', '2025/09/01'],
    ['amount10', '¥100.00'],
    ['amount10', '39.8元'],
    ['phone_number11', '+86-0766-66888866'],
    ['car_number12', '粤A8Z888挂'],
    ['enum13', 'anything'],
    ['keyword1', 'keys without a known type are only checked for emptiness'],
  ])('accepts %s = %j', (key, value) => {
    expect(one(key, value)).toBeNull();
  });

  it.each([
    ['thing1', 'x'.repeat(21)],
    ['short_thing2', '六个字的事物'],
    ['phrase2', 'abc'],
    ['phrase2', '六个汉字太长'],
    ['character_string3', '中文不行'],
    ['character_string3', 'a'.repeat(33)],
    ['number4', '12a'],
    ['number4', '1'.repeat(33)],
    ['letter5', 'abc1'],
    ['symbol6', 'abc'],
    ['name7', '十一个汉字的名字超过了'],
    ['name7', 'A'.repeat(21)],
    ['name7', 'Agent007'],
    ['time8', '明天上午'],
    ['time8', '25:00'],
    ['time8', '2025-09-01 08:00～2025-09-01 09:30'],
    ['date9', '2025-13-01'],
    ['amount10', '100美元'],
    ['phone_number11', '1234567890123456789'],
    ['car_number12', '粤A8Z8888888'],
  ])('refuses %s = %j as invalid', (key, value) => {
    expect(one(key, value)).toEqual({ field: `data.${key}.value`, problem: 'invalid' });
  });

  it.each([[''], ['   '], [undefined], [null]])('refuses an empty value %j', (value) => {
    expect(one('thing1', value)).toEqual({ field: 'data.thing1.value', problem: 'is empty' });
  });

  it('takes numbers as their decimal text and refuses other non-strings', () => {
    expect(one('number1', 42)).toBeNull();
    expect(one('thing1', { nested: true })).toEqual({ field: 'data.thing1.value', problem: 'invalid' });
  });

  it('names a missing template keyword as empty, the way WeChat reports it', () => {
    const problem = checkSubscribeData({ thing1: { value: '通知' } }, ['thing1', 'time2']);
    expect(problem).toEqual({ field: 'data.time2.value', problem: 'is empty' });
    expect(dataProblemErrmsg(problem!)).toBe('argument invalid! data.time2.value is empty');
  });

  it('refuses data that is not an object', () => {
    expect(checkSubscribeData(undefined)).toEqual({ field: 'data', problem: 'is empty' });
    expect(checkSubscribeData([])).toEqual({ field: 'data', problem: 'is empty' });
  });
});
