import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stripInvalidXmlChars, xmlAttrs, xmlEscape, xmlLanguage, xmlNumber } from './xml.ts';

void test('escaping: markup characters, quotes, and whitespace that attributes would normalise', () => {
  assert.equal(xmlEscape(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  assert.equal(xmlEscape('a\tb\nc\rd'), 'a&#9;b&#10;c&#13;d');
  assert.equal(xmlEscape(']]>'), ']]&gt;');
});

void test('characters XML 1.0 forbids are removed; everything else, astral planes included, is kept', () => {
  assert.equal(stripInvalidXmlChars('a\u0000b\u0008c\u000bd\u001fe\u007ff'), 'abcde\u007ff');
  assert.equal(stripInvalidXmlChars('x\uFFFEy\uFFFFz'), 'xyz');
  assert.equal(stripInvalidXmlChars('lone \uD800 high, lone \uDC00 low'), 'lone  high, lone  low');
  assert.equal(stripInvalidXmlChars('pair 😀 𠀋 \uE000 \uFFFD'), 'pair 😀 𠀋 \uE000 \uFFFD');
});

void test('numbers, attributes and language tags', () => {
  assert.equal(xmlNumber(12), '12');
  assert.equal(xmlNumber(1.23456), '1.23');
  assert.equal(xmlNumber(-0.001), '0');
  assert.equal(xmlNumber(NaN), '0');
  assert.equal(xmlAttrs({ a: 'x"y', b: undefined, c: 2.5 }), 'a="x&quot;y" c="2.5"');
  assert.equal(xmlLanguage('zh-Hans'), 'zh-Hans');
  assert.equal(xmlLanguage('en'), 'en');
  assert.equal(xmlLanguage('chi_sim'), undefined);
  assert.equal(xmlLanguage(''), undefined);
  assert.equal(xmlLanguage(undefined), undefined);
});
