#!/usr/bin/env python3
"""Write the small hand-made workbooks the CLI tests read (tests/cli/60-xlsx.t).

Each part's XML is written by hand, so that every case the reader must
handle is there on purpose: dates in both date systems, built-in, custom and
Chinese number formats, shared, inline and rich text (with a phonetic run
to leave out), booleans, error cells, a formula without a cached value,
merged cells, a hidden first sheet and a Chinese sheet name, and broken or
hostile files.  Run it from this directory: python3 make.py
"""
import zipfile


def put(z, name, data):
    """Add a part with a fixed time, so that the files come out the same."""
    info = zipfile.ZipInfo(name, date_time=(2024, 10, 4, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    z.writestr(info, data)

CT = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
%s
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>'''
RELS = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>'''
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'

STYLES = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet %s>
<numFmts count="6">
<numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>
<numFmt numFmtId="165" formatCode="[$-804]yyyy/mm/dd\\ hh:mm"/>
<numFmt numFmtId="166" formatCode="&quot;Date:&quot;\\ 0"/>
<numFmt numFmtId="167" formatCode="[h]:mm:ss"/>
<numFmt numFmtId="168" formatCode="#,##0.00&quot;元&quot;"/>
<numFmt numFmtId="169" formatCode="[Red]0.0;[Blue]\\-0.0"/>
</numFmts>
<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
<cellXfs count="13">
<xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="22"/><xf numFmtId="164"/><xf numFmtId="165"/>
<xf numFmtId="2"/><xf numFmtId="166"/><xf numFmtId="167"/><xf numFmtId="168"/><xf numFmtId="45"/>
<xf numFmtId="169"/><xf numFmtId="49"/><xf numFmtId="31"/>
</cellXfs>
</styleSheet>''' % NS


def book(path, sheets, sst=(), date1904=False, styles=STYLES, extra=()):
    """sheets: [(name, state, xml)]"""
    wb = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', '<workbook %s>' % NS]
    wb.append('<workbookPr date1904="%s"/>' % ('1' if date1904 else '0'))
    wb.append('<sheets>')
    rels = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">']
    over = []
    for i, (name, state, _) in enumerate(sheets, 1):
        st = ' state="%s"' % state if state else ''
        wb.append('<sheet name="%s" sheetId="%d"%s r:id="rId%d"/>' % (name, i, st, i))
        rels.append('<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>' % (i, i))
        over.append('<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' % i)
    n = len(sheets)
    rels.append('<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' % (n + 1))
    rels.append('<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' % (n + 2))
    rels.append('</Relationships>')
    wb.append('</sheets></workbook>')
    s = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
         '<sst %s count="%d" uniqueCount="%d">' % (NS, len(sst), len(sst))]
    s += ['<si>%s</si>' % x for x in sst]
    s.append('</sst>')
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        put(z, '[Content_Types].xml', CT % '\n'.join(over))
        put(z, '_rels/.rels', RELS)
        put(z, 'xl/workbook.xml', '\n'.join(wb))
        put(z, 'xl/_rels/workbook.xml.rels', '\n'.join(rels))
        put(z, 'xl/styles.xml', styles)
        put(z, 'xl/sharedStrings.xml', '\n'.join(s))
        for i, (_, _, xml) in enumerate(sheets, 1):
            put(z, 'xl/worksheets/sheet%d.xml' % i, xml)
        for name, data in extra:
            put(z, name, data)


def sheet(rows, merges=''):
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet %s><sheetData>\n%s\n</sheetData>%s</worksheet>'
            % (NS, '\n'.join(rows), merges))


# Shared strings: plain, rich text runs (张 + 三, with a phonetic run that
# is no part of the text), and the ones the sheets point at.
SST = ['<t>客户编号</t>', '<t>姓名</t>', '<t>注册日期</t>', '<t>金额</t>', '<t>备注</t>', '<t>最后登录</t>',
       '<t>00123</t>', '<r><rPr><b/></rPr><t>张</t></r><r><t>三</t></r><rPh sb="0" eb="1"><t>zhang</t></rPh>',
       '<t>00124</t>', '<t>Bob</t>', '<t xml:space="preserve">合并 </t>', '<t>客户名单 2024</t>', '<t>secret</t>',
       '<t>line one_x000D_</t>']

MAIN = sheet([
    # a title over the table, merged across it; then a blank row
    '<row r="1"><c r="A1" t="s"><v>11</v></c><c r="B1" s="1"/><c r="C1" s="1"/></row>',
    '<row r="3"><c r="A3" t="s"><v>0</v></c><c r="B3" t="s"><v>1</v></c><c r="C3" t="s"><v>2</v></c>'
    '<c r="D3" t="s"><v>3</v></c><c r="E3" t="s"><v>4</v></c><c r="F3" t="s"><v>5</v></c><c r="G3" s="1"/></row>',
    '<row r="4"><c r="A4" t="s"><v>6</v></c><c r="B4" t="s"><v>7</v></c><c r="C4" s="1"><v>45569</v></c>'
    '<c r="D4" s="8"><v>1234.5</v></c><c r="E4" t="inlineStr"><is><t>VIP</t></is></c><c r="F4" s="4"><v>45569.5</v></c></row>',
    '<row r="5"><c r="A5" t="s"><v>8</v></c><c r="B5" t="s"><v>9</v></c><c r="C5" s="3"><v>45292</v></c>'
    '<c r="D5"><v>0.1</v></c><c r="E5" t="e"><v>#N/A</v></c><c r="F5" s="2"><f>NOW()</f></c></row>',
    '<row r="6"><c r="A6" s="1"/><c r="B6" s="2"/></row>',
    # no r attributes: the cells follow one another
    '<row><c t="inlineStr"><is><t>00125</t></is></c><c t="str"><f>"李"&amp;"四"</f><v>李四</v></c><c s="12"><v>61</v></c>'
    '<c><v>12345678901234567890</v></c><c t="b"><v>1</v></c><c s="7"><v>1.75</v></c></row>',
    '<row r="8"><c r="A8" t="inlineStr"><is><t>00126</t></is></c><c r="B8" t="inlineStr"><is><r><t>E</t></r><r><t>ve</t></r></is></c>'
    '<c r="C8" s="1"><v>60</v></c><c r="D8"><v>1</v></c></row>',
    '<row r="9"><c r="A9" t="inlineStr"><is><t>00127</t></is></c><c r="B9" t="s"><v>10</v></c><c r="C9" s="1"/>'
    '<c r="D9" s="10"><v>2.5</v></c><c r="E9" s="6"><v>7</v></c><c r="F9" s="9"><v>0.000694444444444444</v></c></row>',
    '<row r="10"><c r="A10" t="inlineStr"><is><t>00128</t></is></c><c r="B10" t="s"><v>99</v></c></row>',
    '<row r="11"><c r="A11" t="inlineStr"><is><t>00129</t></is></c><c r="B11" t="s"><v>13</v></c><c r="D11" s="5"><v>3</v></c></row>',
], '<mergeCells count="2"><mergeCell ref="A1:C1"/><mergeCell ref="B9:C9"/></mergeCells>')

HIDDEN = sheet(['<row r="1"><c r="A1" t="s"><v>12</v></c></row>'])
THIRD = sheet(['<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1" t="inlineStr"><is><t>b</t></is></c></row>',
               '<row r="2"><c r="A2"><v>1</v></c><c r="B2"><v>-2.50</v></c></row>'])
book('book.xlsx', [('隐藏', 'hidden', HIDDEN), ('客户名单', None, MAIN), ('Sheet3', None, THIRD)], SST)

# The 1904 date system (old Mac Excel): serial 0 is 1904-01-01.
book('book1904.xlsx', [('Sheet1', None, sheet([
    '<row r="1"><c r="A1" t="inlineStr"><is><t>day</t></is></c><c r="B1" t="inlineStr"><is><t>at</t></is></c></row>',
    '<row r="2"><c r="A2" s="1"><v>0</v></c><c r="B2" s="2"><v>1.25</v></c></row>',
    '<row r="3"><c r="A3" s="1"><v>44107</v></c><c r="B3" s="2"><v>44107.75</v></c></row>']))], date1904=True)

# Hostile and broken files.
with zipfile.ZipFile('notbook.zip', 'w') as z:
    put(z, 'hello.txt', 'hello\n')
data = open('book.xlsx', 'rb').read()
open('truncated.xlsx', 'wb').write(data[:len(data) // 2])
book('entities.xlsx', [('Sheet1', None, '''<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<worksheet %s><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>''' % NS)])
# A sheet that inflates a thousand times: 20 MB of white space.
book('zipbomb.xlsx', [('Sheet1', None, sheet(['<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>' + ' ' * (20 << 20)]))])
book('range.xlsx', [('Sheet1', None, sheet([
    '<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1" t="inlineStr"><is><t>b</t></is></c></row>',
    '<row r="2"><c r="A2"><v>1</v></c><c r="XFE2"><v>2</v></c></row>',
    '<row r="3"><c r="A3"><v>3</v></c><c r="B3"><v>4</v></c></row>',
    '<row r="1048577"><c r="A1048577"><v>5</v></c></row>']))])
# What a password-protected .xlsx looks like from outside: an OLE2
# compound file with EncryptionInfo and EncryptedPackage streams.
cfb = bytearray(b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1' + bytes(504))
cfb += 'Root Entry'.encode('utf-16-le').ljust(128, b'\0')
cfb += 'EncryptionInfo'.encode('utf-16-le').ljust(128, b'\0')
cfb += 'EncryptedPackage'.encode('utf-16-le').ljust(128, b'\0')
cfb += bytes(512 - 3 * 128)
open('encrypted.xlsx', 'wb').write(bytes(cfb))


def lie_about_size(src, dst, part, size):
    """Copy a zip, stating a smaller uncompressed size for part in both the
    local header and the central directory, as a bomb may."""
    import struct
    data = bytearray(open(src, 'rb').read())
    name = part.encode()
    for sig, size_at, nlen_at, name_at in ((b'PK\x03\x04', 22, 26, 30), (b'PK\x01\x02', 24, 28, 46)):
        pos = data.find(sig)
        while pos >= 0:
            nlen = struct.unpack_from('<H', data, pos + nlen_at)[0]
            if data[pos + name_at:pos + name_at + nlen] == name:
                struct.pack_into('<I', data, pos + size_at, size)
            pos = data.find(sig, pos + 4)
    open(dst, 'wb').write(bytes(data))


# The zip bomb again, its sheet said to be 100 kB: caught while inflating.
lie_about_size('zipbomb.xlsx', 'liar.xlsx', 'xl/worksheets/sheet1.xml', 100000)
