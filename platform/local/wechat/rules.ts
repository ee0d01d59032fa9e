/**
 * Fault injection for the fake API: an ordered list of rules, the first live matching one decides
 * how a send is answered. This is how tests and the emulator reproduce what WeChat does to real
 * sends — a student who unsubscribed (43101), a flaky minute (-1), a hung connection (timeout).
 */

export type WeChatApi = 'subscribeMessage.send' | 'customerServiceMessage.send';

export interface RuleMatch {
  api?: WeChatApi;
  touser?: string;
  templateId?: string;
}

export interface FaultRule {
  match?: RuleMatch;
  /**
   * The answer: a WeChat errcode (0 = process the send normally, validation included), or
   * 'timeout' = never answer, so the client's own timeout is what ends the call.
   */
  errcode: number | 'timeout';
  /** Overrides WeChat's errmsg for `errcode`. */
  errmsg?: string;
  /** Applies this many times, then expires. Unset: forever. */
  times?: number;
  /** Chance in [0, 1] that the rule applies to a matching send; a miss falls through to later rules. */
  probability?: number;
}

export interface SendFacts {
  api: WeChatApi;
  touser: string | null;
  templateId: string | null;
}

function matches(rule: FaultRule, facts: SendFacts): boolean {
  const m = rule.match;
  if (!m) return true;
  if (m.api !== undefined && m.api !== facts.api) return false;
  if (m.touser !== undefined && m.touser !== facts.touser) return false;
  if (m.templateId !== undefined && m.templateId !== facts.templateId) return false;
  return true;
}

/**
 * The first live rule that matches and wins its probability roll, with its `times` counted down.
 * Rules whose `times` reach 0 are removed from `rules` in place, so `configure()` readers see them go.
 */
export function pickRule(rules: FaultRule[], facts: SendFacts, random: () => number): FaultRule | null {
  for (let i = 0; i < rules.length; i += 1) {
    const rule = rules[i] as FaultRule;
    if (rule.times !== undefined && rule.times <= 0) continue;
    if (!matches(rule, facts)) continue;
    if (rule.probability !== undefined && !(random() < rule.probability)) continue;
    if (rule.times !== undefined) {
      rule.times -= 1;
      if (rule.times <= 0) rules.splice(i, 1);
    }
    return rule;
  }
  return null;
}
