"""Validate the answers before cookiecutter writes anything.

This file is the single home of the validation rules. Copier cannot run hooks, so
`scripts/gen_copier.py` reads the rule data below (patterns, lists, limits, messages) and
writes the same checks into `copier.yml` as `validator:` expressions; the template's tests
check that both renderers reject the same answers with the same message.

Cookiecutter renders this file with Jinja before running it, so it must stay free of Jinja
syntax except for the one raw string in `rendered_answers()`. It uses the standard library
only: the Python that runs cookiecutter may have nothing else installed.
"""

from __future__ import annotations

import json
import re
import sys

# Locales the template ships translations for. Adding one means adding its catalog to the
# generated project and its code here, then regenerating copier.yml (make copier-yml).
SHIPPED_LOCALES = ("en", "fr", "de", "es", "it", "pt-BR", "nl", "ru", "ja", "ko", "zh-CN", "ar")
# Other locales (KNOWN_LOCALES, at the end of this file) get empty catalogs that fall back
# to the default locale. Their file names are slots in the template, hence a maximum.
MAX_UNSHIPPED_LOCALES = 4
LOCALE_PATTERN = r"\A[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?\Z"

IDENTIFIER_PATTERN = r"\A[a-z_][a-z0-9_]*\Z"
DNS_LABEL_PATTERN = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
DNS_NAME_PATTERN = r"\A(?:" + DNS_LABEL_PATTERN + r"\.)+" + DNS_LABEL_PATTERN + r"\Z"
PORT_PATTERN = r"\A[1-9][0-9]{0,4}\Z"
WHITESPACE_PATTERN = r"\s"
RETENTION_PATTERN = r"\A[1-9][0-9]*\Z"
# Free text lands inside Python, TOML and format strings: one line, no quotes, backslashes
# or braces, and not blank.
TEXT_PATTERN = r'\A[^"\\{}\x00-\x1f\x7f]*[^"\\{}\s][^"\\{}\x00-\x1f\x7f]*\Z'
MAX_TEXT_LENGTH = 120

MAX_DNS_NAME_LENGTH = 253
MAX_PORT = 65535
MAX_RETENTION_DAYS = 36500

# Names a project or package must not take: importing them from the project's `src/` would
# shadow Python itself, a dependency, or a directory of the generated project.
PYTHON_KEYWORDS = (
    "and as assert async await break class continue def del elif else except finally for from "
    "global if import in is lambda nonlocal not or pass raise return try while with yield"
).split()
# sys.stdlib_module_names (public, lowercase) of Python 3.10 to 3.14, plus the `test` package.
STDLIB_MODULES = (
    "abc aifc annotationlib antigravity argparse array ast asynchat asyncio asyncore atexit "
    "audioop base64 bdb binascii bisect builtins bz2 calendar cgi cgitb chunk cmath cmd code "
    "codecs codeop collections colorsys compileall compression concurrent configparser "
    "contextlib contextvars copy copyreg crypt csv ctypes curses dataclasses datetime dbm "
    "decimal difflib dis distutils doctest email encodings ensurepip enum errno faulthandler "
    "fcntl filecmp fileinput fnmatch fractions ftplib functools gc genericpath getopt getpass "
    "gettext glob graphlib grp gzip hashlib heapq hmac html http idlelib imaplib imghdr imp "
    "importlib inspect io ipaddress itertools json keyword lib2to3 linecache locale logging "
    "lzma mailbox mailcap marshal math mimetypes mmap modulefinder msilib msvcrt "
    "multiprocessing netrc nis nntplib nt ntpath nturl2path numbers opcode operator optparse os "
    "ossaudiodev pathlib pdb pickle pickletools pipes pkgutil platform plistlib poplib posix "
    "posixpath pprint profile pstats pty pwd py_compile pyclbr pydoc pydoc_data pyexpat queue "
    "quopri random re readline reprlib resource rlcompleter runpy sched secrets select "
    "selectors shelve shlex shutil signal site smtpd smtplib sndhdr socket socketserver spwd "
    "sqlite3 sre_compile sre_constants sre_parse ssl stat statistics string stringprep struct "
    "subprocess sunau symtable sys sysconfig syslog tabnanny tarfile telnetlib tempfile termios "
    "test textwrap this threading time timeit tkinter token tokenize tomllib trace traceback "
    "tracemalloc tty turtle turtledemo types typing unicodedata unittest urllib uu uuid venv "
    "warnings wave weakref webbrowser winreg winsound wsgiref xdrlib xml xmlrpc zipapp zipfile "
    "zipimport zlib zoneinfo"
).split()
# Top-level import names of the generated project's dependencies, every option included.
DEPENDENCY_MODULES = (
    "agents aiosqlite alembic anyio asgi_correlation_id babel chatkit cryptography django "
    "fastapi httpx jwt litestar openai psycopg pydantic pydantic_core pydantic_settings pytest "
    "pytest_asyncio sqlalchemy starlette structlog uvicorn"
).split()
PROJECT_DIRECTORIES = ("frontend", "migrations", "src", "tests")
RESERVED_NAMES = tuple(
    sorted(set(PYTHON_KEYWORDS + STDLIB_MODULES + DEPENDENCY_MODULES + list(PROJECT_DIRECTORIES)))
)

# One line per failure: which answer, what value, what to do. Placeholders: {answer} is the
# question's name, {value} its whole answer, {item} one entry of a comma list, {port} the
# port of a host name; the upper-case ones are constants filled in from the data above.
MESSAGES = {
    "text": (
        "{answer}: '{value}' must be one line of at most {MAX_TEXT_LENGTH} characters, not blank, "
        "without double quotes, backslashes or braces"
    ),
    "identifier": (
        "{answer}: '{value}' is not a lowercase Python identifier; use lowercase letters, "
        "digits and underscores, not starting with a digit (e.g. chat_assistant)"
    ),
    "reserved": (
        "{answer}: '{value}' is a Python keyword or the name of a standard-library, dependency "
        "or project module; choose another name (e.g. {value}_app)"
    ),
    "locales_empty": (
        "{answer}: no locale given; list at least one of {AVAILABLE_LOCALES}, separated by commas"
    ),
    "locale_empty_entry": (
        "{answer}: '{value}' has an empty entry; separate locales with single commas (e.g. en,fr)"
    ),
    "locale_duplicate": "{answer}: '{item}' is listed twice in '{value}'; list each locale once",
    "locale_form": (
        "{answer}: '{item}' is not a locale code; write a lowercase language, then optionally "
        "a script and an uppercase region, joined by '-' (e.g. en, pt-BR, zh-Hant, sr-Latn-RS)"
    ),
    "locale_unknown": (
        "{answer}: '{item}' is not a locale Babel knows (CLDR); use a language code such as sv, "
        "or one of its regional forms such as sv-FI"
    ),
    "locale_default_unshipped": (
        "{answer}: '{item}' comes first, so it would be the default locale, which every "
        "untranslated message falls back to; put first one the template ships translations "
        "for: {AVAILABLE_LOCALES}"
    ),
    "locales_too_many_unshipped": (
        "{answer}: '{value}' has more than {MAX_UNSHIPPED_LOCALES} locales the template ships no "
        "translations for; start with at most {MAX_UNSHIPPED_LOCALES} and add the others later "
        "(the generated README, Translations)"
    ),
    "hostnames_empty": (
        "{answer}: no host name given; list at least one, separated by commas (e.g. app.example.com)"
    ),
    "hostname_empty_entry": (
        "{answer}: '{value}' has an empty entry; separate host names with single commas "
        "(e.g. app.example.com,localhost)"
    ),
    "hostname_scheme": (
        "{answer}: '{item}' has a scheme; give the bare host name, without http:// or https://"
    ),
    "hostname_path": (
        "{answer}: '{item}' has a path; give the bare host name, without '/' or anything after it"
    ),
    "hostname_space": "{answer}: '{item}' contains whitespace; remove it (separate host names with commas)",
    "hostname_uppercase": "{answer}: '{item}' has uppercase letters; write host names in lowercase",
    "hostname_wildcard_tld": (
        "{answer}: '{item}' puts a wildcard on a top-level domain; put it below a domain you "
        "own (e.g. *.example.com)"
    ),
    "hostname_invalid": (
        "{answer}: '{item}' is not a valid DNS name; use labels of a-z, 0-9 and inner hyphens "
        "(at most 63 characters each, {MAX_DNS_NAME_LENGTH} in all) with at least one dot, or "
        "localhost; write internationalized names in their xn-- form"
    ),
    "hostname_port": "{answer}: '{item}' has an invalid port '{port}'; use a number from 1 to {MAX_PORT}",
    "hostname_duplicate": "{answer}: '{item}' is listed twice in '{value}'; list each host name once",
    "retention_not_number": (
        "{answer}: '{value}' is not a positive whole number of days; write digits only, "
        "without a leading zero (e.g. 30)"
    ),
    "retention_too_large": (
        "{answer}: '{value}' is more than {MAX_RETENTION_DAYS} days; choose a smaller number"
    ),
}

CONSTANTS = {
    "MAX_TEXT_LENGTH": str(MAX_TEXT_LENGTH),
    "AVAILABLE_LOCALES": ", ".join(SHIPPED_LOCALES),
    "MAX_UNSHIPPED_LOCALES": str(MAX_UNSHIPPED_LOCALES),
    "MAX_DNS_NAME_LENGTH": str(MAX_DNS_NAME_LENGTH),
    "MAX_PORT": str(MAX_PORT),
    "MAX_RETENTION_DAYS": str(MAX_RETENTION_DAYS),
}


def message(key: str, **values: str) -> str:
    """The text of the message `key`, with its placeholders filled in."""
    return MESSAGES[key].format(**CONSTANTS, **values)


def entries(value: str) -> list[str]:
    """The trimmed entries of a comma-separated answer."""
    return [entry.strip() for entry in value.split(",")]


def check_text(answer: str, value: str) -> str | None:
    if not re.search(TEXT_PATTERN, value) or len(value) > MAX_TEXT_LENGTH:
        return message("text", answer=answer, value=value)
    return None


def check_identifier(answer: str, value: str) -> str | None:
    if not re.search(IDENTIFIER_PATTERN, value):
        return message("identifier", answer=answer, value=value)
    if value in RESERVED_NAMES:
        return message("reserved", answer=answer, value=value)
    return None


def locale_key(locale: str) -> str:
    """How two spellings of one locale compare: `pt-BR`, `pt_br` and `PT_BR` are the same."""
    return locale.lower().replace("-", "_")


def check_locales(answer: str, value: str) -> str | None:
    if not value.strip():
        return message("locales_empty", answer=answer)
    seen: list[str] = []
    unshipped = 0
    for item in entries(value):
        if not item:
            return message("locale_empty_entry", answer=answer, value=value)
        if locale_key(item) in seen:
            return message("locale_duplicate", answer=answer, item=item, value=value)
        if not re.search(LOCALE_PATTERN, item):
            return message("locale_form", answer=answer, item=item)
        if item not in KNOWN_LOCALES:
            return message("locale_unknown", answer=answer, item=item)
        if item not in SHIPPED_LOCALES:
            if not seen:
                return message("locale_default_unshipped", answer=answer, item=item)
            unshipped += 1
            if unshipped > MAX_UNSHIPPED_LOCALES:
                return message("locales_too_many_unshipped", answer=answer, value=value)
        seen.append(locale_key(item))
    return None


def hostname_problem(item: str) -> str:
    """The key of the message for what is wrong with one host name, or "" if nothing is."""
    if not item:
        return "hostname_empty_entry"
    if "://" in item:
        return "hostname_scheme"
    if "/" in item:
        return "hostname_path"
    if re.search(WHITESPACE_PATTERN, item):
        return "hostname_space"
    if item != item.lower():
        return "hostname_uppercase"
    host, _, port = item.partition(":")
    name = host[2:] if host.startswith("*.") else host
    valid_name = re.search(DNS_NAME_PATTERN, name) and len(name) <= MAX_DNS_NAME_LENGTH
    if not (host == "localhost" or valid_name):
        if host.startswith("*.") and re.search(DNS_NAME_PATTERN, name + ".example"):
            return "hostname_wildcard_tld"
        return "hostname_invalid"
    if ":" in item and not (re.search(PORT_PATTERN, port) and int(port) <= MAX_PORT):
        return "hostname_port"
    return ""


def check_hostnames(answer: str, value: str) -> str | None:
    if not value.strip():
        return message("hostnames_empty", answer=answer)
    seen: list[str] = []
    for item in entries(value):
        problem = hostname_problem(item)
        if problem:
            port = item.partition(":")[2]
            return message(problem, answer=answer, item=item, value=value, port=port)
        if item in seen:
            return message("hostname_duplicate", answer=answer, item=item, value=value)
        seen.append(item)
    return None


def check_retention_days(answer: str, value: str) -> str | None:
    if not re.search(RETENTION_PATTERN, value):
        return message("retention_not_number", answer=answer, value=value)
    if int(value) > MAX_RETENTION_DAYS:
        return message("retention_too_large", answer=answer, value=value)
    return None


# Which answers are checked, how, and in which order (the order copier asks them).
CHECKS = {
    "project_name": check_text,
    "project_slug": check_identifier,
    "package_name": check_identifier,
    "description": check_text,
    "author": check_text,
    "supported_locales": check_locales,
    "hostnames": check_hostnames,
    "retention_days": check_retention_days,
}


def validate(answers: dict) -> str | None:
    """The first problem with the answers, in question order, or None if they are all valid."""
    for answer, check in CHECKS.items():
        problem = check(answer, str(answers[answer]))
        if problem:
            return problem
    return None


def rendered_answers() -> dict:
    """The answers, as cookiecutter renders them into this file before running it."""
    # Single quotes on purpose: the JSON is full of double quotes, and tojson escapes single ones.
    return json.loads(r'''{{ cookiecutter | tojson }}''')  # fmt: skip


# Every locale Babel 2.18.0 (CLDR) can parse, spelled as the answer is (`pt-BR`): its locale
# identifiers, and each language with the regions Babel resolves it for. The generated project
# formats and pluralizes with Babel, so it must know the locale. tests/test_hook.py checks
# that Babel parses every one.
KNOWN_LOCALES = frozenset(
    (
        "aa aa-DJ aa-ER aa-ET ab ab-GE af af-NA af-ZA agq agq-CM ak ak-GH am am-ET an an-ES ann "
        "ann-NG apc apc-SY ar ar-001 ar-AE ar-BH ar-DJ ar-DZ ar-EG ar-EH ar-ER ar-IL ar-IQ ar-JO "
        "ar-KM ar-KW ar-LB ar-LY ar-MA ar-MR ar-OM ar-PS ar-QA ar-SA ar-SD ar-SO ar-SS ar-SY ar-TD "
        "ar-TN ar-YE arn arn-CL as as-IN asa asa-TZ ast ast-ES az az-AZ az-Arab az-Arab-IQ "
        "az-Arab-IR az-Arab-TR az-Cyrl az-Cyrl-AZ az-IQ az-IR az-Latn az-Latn-AZ ba ba-RU bal "
        "bal-Arab bal-Arab-PK bal-Latn bal-Latn-PK bal-PK bas bas-CM be be-BY bem bem-ZM bew bew-ID "
        "bez bez-TZ bg bg-BG bgc bgc-IN bgn bgn-AE bgn-AF bgn-IR bgn-OM bgn-PK bho bho-IN blo "
        "blo-BJ blt blt-VN bm bm-ML bm-Nkoo bm-Nkoo-ML bn bn-BD bn-IN bo bo-CN bo-IN br br-FR brx "
        "brx-IN bs bs-BA bs-Cyrl bs-Cyrl-BA bs-Latn bs-Latn-BA bss bss-CM byn byn-ER ca ca-AD ca-ES "
        "ca-FR ca-IT cad cad-US cch cch-NG ccp ccp-BD ccp-IN ce ce-RU ceb ceb-PH cgg cgg-UG cho "
        "cho-US chr chr-US cic cic-US ckb ckb-IQ ckb-IR co co-FR cop cop-EG cs cs-CZ csw csw-CA cu "
        "cu-RU cv cv-RU cy cy-GB da da-DK da-GL dav dav-KE de de-AT de-BE de-CH de-DE de-IT de-LI "
        "de-LU dje dje-NE doi doi-IN dsb dsb-DE dua dua-CM dv dv-MV dyo dyo-SN dz dz-BT ebu ebu-KE "
        "ee ee-GH ee-TG el el-CY el-GR en en-001 en-150 en-AE en-AG en-AI en-AS en-AT en-AU en-BB "
        "en-BE en-BI en-BM en-BS en-BW en-BZ en-CA en-CC en-CH en-CK en-CM en-CX en-CY en-CZ en-DE "
        "en-DG en-DK en-DM en-Dsrt en-Dsrt-US en-ER en-ES en-FI en-FJ en-FK en-FM en-FR en-GB en-GD "
        "en-GG en-GH en-GI en-GM en-GS en-GU en-GY en-HK en-HU en-ID en-IE en-IL en-IM en-IN en-IO "
        "en-IT en-JE en-JM en-KE en-KI en-KN en-KY en-LC en-LR en-LS en-MG en-MH en-MO en-MP en-MS "
        "en-MT en-MU en-MV en-MW en-MY en-NA en-NF en-NG en-NL en-NO en-NR en-NU en-NZ en-PG en-PH "
        "en-PK en-PL en-PN en-PR en-PT en-PW en-RO en-RW en-SB en-SC en-SD en-SE en-SG en-SH en-SI "
        "en-SK en-SL en-SS en-SX en-SZ en-Shaw en-Shaw-GB en-TC en-TK en-TO en-TT en-TV en-TZ en-UG "
        "en-UM en-US en-VC en-VG en-VI en-VU en-WS en-ZA en-ZM en-ZW eo eo-001 es es-419 es-AR "
        "es-BO es-BR es-BZ es-CL es-CO es-CR es-CU es-DO es-EA es-EC es-ES es-GQ es-GT es-HN es-IC "
        "es-MX es-NI es-PA es-PE es-PH es-PR es-PY es-SV es-US es-UY es-VE et et-EE eu eu-ES ewo "
        "ewo-CM fa fa-AF fa-IR ff ff-Adlm ff-Adlm-BF ff-Adlm-CM ff-Adlm-GH ff-Adlm-GM ff-Adlm-GN "
        "ff-Adlm-GW ff-Adlm-LR ff-Adlm-MR ff-Adlm-NE ff-Adlm-NG ff-Adlm-SL ff-Adlm-SN ff-BF ff-CM "
        "ff-GH ff-GM ff-GN ff-GW ff-LR ff-Latn ff-Latn-BF ff-Latn-CM ff-Latn-GH ff-Latn-GM "
        "ff-Latn-GN ff-Latn-GW ff-Latn-LR ff-Latn-MR ff-Latn-NE ff-Latn-NG ff-Latn-SL ff-Latn-SN "
        "ff-MR ff-NE ff-NG ff-SL ff-SN fi fi-FI fil fil-PH fo fo-DK fo-FO fr fr-BE fr-BF fr-BI "
        "fr-BJ fr-BL fr-CA fr-CD fr-CF fr-CG fr-CH fr-CI fr-CM fr-DJ fr-DZ fr-FR fr-GA fr-GF fr-GN "
        "fr-GP fr-GQ fr-HT fr-KM fr-LU fr-MA fr-MC fr-MF fr-MG fr-ML fr-MQ fr-MR fr-MU fr-NC fr-NE "
        "fr-PF fr-PM fr-RE fr-RW fr-SC fr-SN fr-SY fr-TD fr-TG fr-TN fr-VU fr-WF fr-YT frr frr-DE "
        "fur fur-IT fy fy-NL ga ga-GB ga-IE gaa gaa-GH gd gd-GB gez gez-ER gez-ET gl gl-ES gn gn-PY "
        "gsw gsw-CH gsw-FR gsw-LI gu gu-IN guz guz-KE gv gv-IM ha ha-Arab ha-Arab-NG ha-Arab-SD "
        "ha-GH ha-NE ha-NG ha-SD haw haw-US he he-IL hi hi-IN hi-Latn hi-Latn-IN hnj hnj-Hmnp "
        "hnj-Hmnp-US hnj-US hr hr-BA hr-HR hsb hsb-DE ht ht-HT hu hu-HU hy hy-AM ia ia-001 id id-ID "
        "ie ie-EE ig ig-NG ii ii-CN io io-001 is is-IS it it-CH it-IT it-SM it-VA iu iu-CA iu-Latn "
        "iu-Latn-CA ja ja-JP jbo jbo-001 jgo jgo-CM jmc jmc-TZ jv jv-ID ka ka-GE kaa kaa-Cyrl "
        "kaa-Cyrl-UZ kaa-Latn kaa-Latn-UZ kaa-UZ kab kab-DZ kaj kaj-NG kam kam-KE kcg kcg-NG kde "
        "kde-TZ kea kea-CV ken ken-CM kgp kgp-BR khq khq-ML ki ki-KE kk kk-Arab kk-Arab-CN kk-CN "
        "kk-Cyrl kk-Cyrl-KZ kk-KZ kkj kkj-CM kl kl-GL kln kln-KE km km-KH kn kn-IN ko ko-CN ko-KP "
        "ko-KR kok kok-Deva kok-Deva-IN kok-IN kok-Latn kok-Latn-IN kpe kpe-GN kpe-LR ks ks-Arab "
        "ks-Arab-IN ks-Deva ks-Deva-IN ks-IN ksb ksb-TZ ksf ksf-CM ksh ksh-DE ku ku-TR kw kw-GB kxv "
        "kxv-Deva kxv-Deva-IN kxv-IN kxv-Latn kxv-Latn-IN kxv-Orya kxv-Orya-IN kxv-Telu kxv-Telu-IN "
        "ky ky-KG la la-VA lag lag-TZ lb lb-LU lg lg-UG lij lij-IT lkt lkt-US lld lld-IT lmo lmo-IT "
        "ln ln-AO ln-CD ln-CF ln-CG lo lo-LA lrc lrc-IQ lrc-IR lt lt-LT ltg ltg-LV lu lu-CD luo "
        "luo-KE luy luy-KE lv lv-LV mai mai-IN mas mas-KE mas-TZ mdf mdf-RU mer mer-KE mfe mfe-MU "
        "mg mg-MG mgh mgh-MZ mgo mgo-CM mhn mhn-IT mi mi-NZ mic mic-CA mk mk-MK ml ml-IN mn mn-CN "
        "mn-MN mn-Mong mn-Mong-CN mn-Mong-MN mni mni-Beng mni-Beng-IN mni-IN mni-Mtei mni-Mtei-IN "
        "moh moh-CA mr mr-IN ms ms-Arab ms-Arab-BN ms-Arab-MY ms-BN ms-ID ms-MY ms-SG mt mt-MT mua "
        "mua-CM mus mus-US my my-MM myv myv-RU mzn mzn-IR naq naq-NA nb nb-NO nb-SJ nd nd-ZW nds "
        "nds-DE nds-NL ne ne-IN ne-NP nl nl-AW nl-BE nl-BQ nl-CW nl-NL nl-SR nl-SX nmg nmg-CM nn "
        "nn-NO nnh nnh-CM no nqo nqo-GN nr nr-ZA nso nso-ZA nus nus-SS nv nv-US ny ny-MW nyn nyn-UG "
        "oc oc-ES oc-FR om om-ET om-KE or or-IN os os-GE os-RU osa osa-US pa pa-Arab pa-Arab-PK "
        "pa-Guru pa-Guru-IN pa-IN pa-PK pap pap-AW pap-CW pcm pcm-NG pis pis-SB pl pl-PL prg prg-PL "
        "ps ps-AF ps-PK pt pt-AO pt-BR pt-CH pt-CV pt-GQ pt-GW pt-LU pt-MO pt-MZ pt-PT pt-ST pt-TL "
        "qu qu-BO qu-EC qu-PE quc quc-GT raj raj-IN rhg rhg-BD rhg-MM rhg-Rohg rhg-Rohg-BD "
        "rhg-Rohg-MM rif rif-MA rm rm-CH rn rn-BI ro ro-MD ro-RO rof rof-TZ ru ru-BY ru-KG ru-KZ "
        "ru-MD ru-RU ru-UA rw rw-RW rwk rwk-TZ sa sa-IN sah sah-RU saq saq-KE sat sat-Deva "
        "sat-Deva-IN sat-IN sat-Olck sat-Olck-IN sbp sbp-TZ sc sc-IT scn scn-IT sd sd-Arab "
        "sd-Arab-PK sd-Deva sd-Deva-IN sd-IN sd-PK sdh sdh-IQ sdh-IR se se-FI se-NO se-SE seh "
        "seh-MZ ses ses-ML sg sg-CF shi shi-Latn shi-Latn-MA shi-MA shi-Tfng shi-Tfng-MA shn shn-MM "
        "shn-TH si si-LK sid sid-ET sk sk-SK skr skr-PK sl sl-SI sma sma-NO sma-SE smj smj-NO "
        "smj-SE smn smn-FI sms sms-FI sn sn-ZW so so-DJ so-ET so-KE so-SO sq sq-AL sq-MK sq-XK sr "
        "sr-BA sr-Cyrl sr-Cyrl-BA sr-Cyrl-ME sr-Cyrl-RS sr-Cyrl-XK sr-Latn sr-Latn-BA sr-Latn-ME "
        "sr-Latn-RS sr-Latn-XK sr-ME sr-RS sr-XK ss ss-SZ ss-ZA ssy ssy-ER st st-LS st-ZA su su-ID "
        "su-Latn su-Latn-ID sv sv-AX sv-FI sv-SE sw sw-CD sw-KE sw-TZ sw-UG syr syr-IQ syr-SY szl "
        "szl-PL ta ta-IN ta-LK ta-MY ta-SG te te-IN teo teo-KE teo-UG tg tg-TJ th th-TH ti ti-ER "
        "ti-ET tig tig-ER tk tk-TM tn tn-BW tn-ZA to to-TO tok tok-001 tpi tpi-PG tr tr-CY tr-TR "
        "trv trv-TW trw trw-PK ts ts-ZA tt tt-RU twq twq-NE tyv tyv-RU tzm tzm-MA ug ug-CN uk uk-UA "
        "ur ur-IN ur-PK uz uz-AF uz-Arab uz-Arab-AF uz-Cyrl uz-Cyrl-UZ uz-Latn uz-Latn-UZ uz-UZ vai "
        "vai-LR vai-Latn vai-Latn-LR vai-Vaii vai-Vaii-LR ve ve-ZA vec vec-IT vi vi-VN vmw vmw-MZ "
        "vo vo-001 vun vun-TZ wa wa-BE wae wae-CH wal wal-ET wbp wbp-AU wo wo-SN xh xh-ZA xnr "
        "xnr-IN xog xog-UG yav yav-CM yi yi-UA yo yo-BJ yo-NG yrl yrl-BR yrl-CO yrl-VE yue yue-CN "
        "yue-HK yue-Hans yue-Hans-CN yue-Hant yue-Hant-CN yue-Hant-HK yue-Hant-MO yue-MO za za-CN "
        "zgh zgh-MA zh zh-CN zh-HK zh-Hans zh-Hans-CN zh-Hans-HK zh-Hans-MO zh-Hans-MY zh-Hans-SG "
        "zh-Hant zh-Hant-HK zh-Hant-MO zh-Hant-MY zh-Hant-TW zh-Latn zh-Latn-CN zh-MO zh-MY zh-SG "
        "zh-TW zu zu-ZA"
    ).split()
)


def main(argv: list[str]) -> int:
    answers = json.loads(argv[1]) if len(argv) > 1 else rendered_answers()
    problem = validate(answers)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
