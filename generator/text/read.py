"""Stage 1: read source files and the manifest; decode bytes to text.

A file that cannot be read becomes a Problem naming the file and the reason; the rest of the corpus
still builds.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import yaml

from generator.core.model import KINDS, SCRIPTS, Problem, RawDocument

SOURCE_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".wiki"}
MANIFEST_FIELDS = {"id", "title", "kind", "year", "script", "origin"}
ID_UNSAFE = re.compile(r"[^0-9A-Za-z_\-]+")
YEARS = range(1800, 2201)  # a manifest year outside is a typo
UNICODE_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f]")


LEGACY = ("gb18030", "cp950")  # mainland and Taiwan/Hong Kong legacy encodings, tried after UTF-8
# Frequent characters of Chinese news and reference text, in both scripts where they differ.
COMMON = frozenset(
    "的一是不了在人有我他这這个個们們中来來上大为為和国國地到以说說时時要就出会會可也你对對生能而子那得于於着著下自"
    "之年过過发發后後作里裡用道行所然家种種事成方多经經么麼去法学學如都同现現当當没沒动動面起看定天分还還进進好小部"
    "其些主样樣理心本前开開但因只从從想实實日者意无無力与與长長把机機十民第公此已工使情明性知全三又关關点點正业業外"
    "将將两兩高间間由问問很最重并並物手应應战戰向头頭文体體政相见見被利什二等产產或新己制身果加西月话話合回特代内"
    "信表化老给給世位次度门門任常先海通教儿兒原东東声聲提立及比员員解水名真论論处處走义義各入几幾口认認条條平系气氣"
    "题題活更别別打女变變四总總何电電数數安少报報才结結反受目太量再感建务務做接必场場件计計管期市直资資命山金指许許"
    "统統区區保至队隊形社便空决決治展科司五基书書非则則听聽白却界达達光放强強即像难難且权權思完设設式色路记記南品住告"
    "类類求据據程北边邊死张張该該交规規万萬取格望觉覺术術领領共确確传傳师師观觀清今切院让讓识識候带帶导導争爭运運"
    "飞飛风風步改收根干造言联聯持组組每济濟车車亲親极極林服快办辦议議往元英士证證近失转轉令准布始存未远遠叫台单單"
    "影具罗羅字爱愛击擊流备備兵连連调調深商算质質团團集百需价價花党黨华華城石级級整府离離况況亚亞请請技际際约約示复"
    "複病息究线線似官火断斷精满滿支视視消越器容照须須九增研写寫称稱企八功包片史委乎查轻輕易早曾除农農找装裝广廣显顯"
    "阳陽若哪微尼继繼送急血惊驚伤傷素药藥适適波夜省初喜卫衛源食险險待述陆陸习習置居劳勞财財环環排福纳納欢歡雷警获獲"
    "模充负負云雲停木游龙龍树樹疑层層冷洲冲衝射略范竟句室异異激汉漢村策演简簡卡罪判担擔州静靜退既衣宗积積余餘痛检檢"
    "差富灵靈协協角占配征修皮挥揮胜勝降阶階审審沉坚堅善压壓银銀买買养養执執副乱亂抗犯追帮幫宣佛岁歲航优優香著田铁鐵"
    "控税稅左右份穿艺藝背阵陣草脚腳概恶惡块塊顿頓敢守酒岛島托央户戶烈洋索胡款靠评評版宝寶座释釋景顾顧弟登货貨互付"
    "伯慢欧歐换換闻聞危忙核暗介坏壞讨討丽麗良序升监監临臨亮露永呼味野架域沙掉括鱼魚杂雜误誤湖钟鐘奥奧训訓宽寬驻駐"
    "园園坡签簽署议議会會举舉办辦域兴興务務项項贸貿易投融")


BROKEN_BYTES_MIN, BROKEN_SHARE = 16, 0.001  # broken byte sequences tolerated: this many, or this share of the bytes


class DecodeError(ValueError):
    pass


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name). Tries BOMs, UTF-8, then GB18030 (a superset of GBK)."""
    if not data.strip():
        raise DecodeError("file is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:4096]:
        raise DecodeError("binary file (NUL bytes); expected text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        readings = {name: text for name in LEGACY if (text := _decoded(data, name)) is not None}
        if patched := _mostly_utf8(data, utf8_error):  # a few broken bytes in UTF-8 read as GB18030 garble it all
            readings[patched[1]] = patched[0]
        if not readings:
            raise DecodeError(
                f"not UTF-8, UTF-16, GB18030 or Big5 (first bad byte at offset {utf8_error.start})"
            ) from None
        # Big5 bytes often decode as GB18030 too, into rare characters: the reading in common ones wins
        name = max(readings, key=lambda n: common_share(readings[n]))
        return readings[name], name


def _mostly_utf8(data: bytes, error: UnicodeDecodeError) -> tuple[str, str] | None:
    """UTF-8 with a few broken bytes (a file cut mid-character, a stray byte) is read with U+FFFD in their
    place, the encoding named so that the reader is told where; more than a few is no UTF-8 (None)."""
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    if broken > max(BROKEN_BYTES_MIN, len(data) * BROKEN_SHARE):
        return None
    line = data[:error.start].count(b"\n") + 1
    return text, f"utf-8 with {broken} undecodable byte sequence{'s' * (broken != 1)}, the first on line {line}"


def _decoded(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def common_share(text: str) -> float:
    """The share of a text's Han characters that are among the most frequent in Chinese (either script)."""
    han = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    return sum(1 for c in han if c in COMMON) / len(han) if han else 0.0


def normalise_whitespace(text: str) -> str:
    """Unify line endings, expand tabs and turn no-break spaces into plain spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ").replace("\u3000", "  ")
    return UNICODE_SPACES.sub(" ", text)


def doc_id_for(path: Path) -> str:
    """A stable ASCII id from the file name; non-ASCII names get a short hash so ids stay URL-safe."""
    stem = path.stem
    ascii_part = ID_UNSAFE.sub("-", stem).strip("-")
    if ascii_part == stem and stem:
        return stem
    digest = hashlib.sha1(stem.encode("utf-8")).hexdigest()[:8]
    return f"{ascii_part}-{digest}" if ascii_part else f"doc-{digest}"


def load_manifest(path: Path) -> tuple[dict[str, dict], list[Problem]]:
    """Manifest entries keyed by file name. Missing fields are detected later."""
    if not path.exists():
        return {}, []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        mark = getattr(error, "problem_mark", None)
        place = f"line {mark.line + 1}" if mark else "1"
        return {}, [Problem(path.name, place, f"manifest is not valid YAML, ignored: {error}".splitlines()[0],
                            kind="bad manifest")]
    entries = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return {}, [Problem(path.name, "1", "manifest needs a top-level 'documents:' list; ignored",
                            kind="bad manifest")]
    manifest: dict[str, dict] = {}
    problems: list[Problem] = []
    for index, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or "file" not in entry:
            problems.append(Problem(path.name, f"documents[{index}]", "entry needs a 'file:' key; ignored",
                                    kind="bad manifest"))
            continue
        unknown = set(entry) - MANIFEST_FIELDS - {"file"}
        if unknown:
            problems.append(Problem(path.name, f"documents[{index}]",
                                    f"unknown fields {sorted(unknown)} ignored", "warning",
                                    kind="bad manifest"))
        valid = {k: entry[k] for k in MANIFEST_FIELDS if k in entry}
        for key in sorted(valid):
            if reason := invalid_value(key, valid[key]):
                problems.append(Problem(path.name, f"documents[{index}].{key}", f"{valid.pop(key)!r}: {reason}",
                                        kind="bad manifest"))
        manifest[str(entry["file"])] = valid
    return manifest, problems


def invalid_value(key: str, value: object) -> str:
    """Why a manifest value cannot be used (it is then detected from the text instead), or ''."""
    if key == "kind" and value not in KINDS:
        return f"kind must be one of {', '.join(KINDS)}; left out, the kind is detected instead"
    if key == "script" and value not in SCRIPTS:
        return f"script must be one of {', '.join(SCRIPTS)}; left out, the script is detected instead"
    if key == "year" and not (str(value).isdigit() and not isinstance(value, bool) and int(str(value)) in YEARS):
        return f"year must be a year such as 2020 ({YEARS[0]}-{YEARS[-1]}); left out, the year is detected instead"
    if key == "id" and (not isinstance(value, str | int) or ID_UNSAFE.search(str(value)) or not str(value)):
        return "id may hold only letters, digits, _ and -; left out, the id is made from the file name"
    if key in ("title", "origin") and not (isinstance(value, str) and value.strip()):
        return f"{key} must be text; left out"
    return ""


def list_sources(sources_dir: Path) -> list[Path]:
    return sorted(p for p in sources_dir.iterdir() if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES)


def read_sources(sources_dir: Path, manifest_path: Path) -> tuple[list[RawDocument], list[Problem]]:
    """Read every source file; undecodable ones become problems, duplicate ids are refused."""
    manifest, problems = load_manifest(manifest_path)
    documents: list[RawDocument] = []
    seen: dict[str, str] = {}
    for path in list_sources(sources_dir):
        data = path.read_bytes()
        try:
            text, encoding = decode(data)
            if not text.strip():  # ideographic spaces, a BOM alone: bytes, but nothing to read
                raise DecodeError("file is empty (white space only)")
        except DecodeError as error:
            problems.append(Problem(path.name, "1", f"not read: {error}", kind="not read"))
            continue
        if encoding.startswith("utf-8 with"):
            problems.append(Problem(path.name, encoding.rsplit(" ", 1)[1], f"undecodable: read as {encoding}, "
                                    "each shown as �", "warning", kind="undecodable bytes"))
            encoding = "utf-8"
        if encoding in LEGACY:
            problems.append(Problem(path.name, "1", f"not UTF-8: read as {encoding}, the legacy encoding whose "
                                    "reading is most plausible Chinese; save it as UTF-8 to be sure", "warning",
                                    kind="not UTF-8"))
        meta = {k: str(v) for k, v in manifest.get(path.name, {}).items()}
        doc_id = meta.pop("id", "") or doc_id_for(path)
        if doc_id in seen:
            problems.append(Problem(path.name, "1", f"duplicate document id '{doc_id}' (also {seen[doc_id]}); skipped",
                                    kind="duplicate id"))
            continue
        seen[doc_id] = path.name
        documents.append(RawDocument(
            id=doc_id, path=path.name, sha256=hashlib.sha256(data).hexdigest(), encoding=encoding,
            text=normalise_whitespace(text), meta=meta,
        ))
    return documents, problems
