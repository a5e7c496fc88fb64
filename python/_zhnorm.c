/*
 * _zhnorm.c - the zhnorm Python module: a C extension over libzhnorm
 * (zhnorm.h).  The package zhnorm (zhnorm/__init__.py) re-exports what is
 * defined here; the docstrings below are the module's manual.
 *
 * A Converter owns one libzhnorm handle.  convert() and check() encode the
 * text to UTF-8, release the GIL for the library call (the handle is
 * documented as safe to share between threads) and build the result with
 * the GIL held again.  A close() that comes while calls are running in
 * other threads only marks the Converter closed: the last of those calls
 * closes the handle, as zhnorm_close must not run beside another call.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdlib.h>
#include <string.h>

#include "zhnorm.h"

#define STR2(x)	#x
#define STR(x)	STR2(x)
#define BINDING_VERSION	STR(ZHNORM_VERSION_MAJOR) "." \
	STR(ZHNORM_VERSION_MINOR) "." STR(ZHNORM_VERSION_PATCH)

PyDoc_STRVAR(module_doc,
"Chinese text conversion (OpenCC-compatible) and normalisation rules.\n"
"\n"
"zhnorm converts Chinese text between Simplified and Traditional and their\n"
"regional standards (OpenCC's configs: s2t, s2tw, s2twp, t2s, ...), then\n"
"runs zhnorm's rule tables over it (punctuation, official phrasing,\n"
"spacing), as the zhnorm command does, in memory.\n"
"\n"
"Open a Converter once and use it for every text; it may be shared by\n"
"threads:\n"
"\n"
"    >>> import zhnorm\n"
"    >>> conv = zhnorm.Converter(\"s2twp\")\n"
"    >>> conv.convert(\"这个软件的鼠标和内存\")\n"
"    '這個軟體的滑鼠和記憶體'\n"
"\n"
"check() reports what convert() would change, and what the warning rules\n"
"find, without the text.  Offsets count characters of the str given:\n"
"\n"
"    >>> text = \"鼠标(mouse)\"\n"
"    >>> for f in conv.check(text):\n"
"    ...     print(f.line, f.column, f.rule, f.level, f.before, \"->\", f.after)\n"
"    1 3 punct.paren-open fix ( -> （\n"
"    1 9 punct.paren-close fix ) -> ）\n"
"    1 1 convert fix 鼠标 -> 滑鼠\n"
"    >>> f = conv.check(text)[2]\n"
"    >>> text[f.offset:f.offset + f.length]\n"
"    '鼠标'\n"
"\n"
"Findings come line by line; within a line, those of the rules come\n"
"before those of the conversion.\n"
"\n"
"Rules only, no conversion, and conversion only, no rules:\n"
"\n"
"    >>> zhnorm.Converter(\"none\").convert(\"中国(北京)\")\n"
"    '中国（北京）'\n"
"    >>> zhnorm.Converter(\"s2t\", rules=False).convert(\"中国(北京)\")\n"
"    '中國(北京)'\n"
"\n"
"Close a Converter with close(), or use it in a with statement:\n"
"\n"
"    >>> with zhnorm.Converter(\"t2s\", markup=\"html\") as conv:\n"
"    ...     conv.convert('<p title=\"x\">漢字</p>')\n"
"    '<p title=\"x\">汉字</p>'\n"
"\n"
"Errors raise zhnorm.Error or a subclass (ArgumentError, ConfigError,\n"
"DataError, RulesError, InvalidUTF8Error, ConvertError), with the\n"
"library's message and its code in .code; ArgumentError and\n"
"InvalidUTF8Error are also ValueErrors.  A str that UTF-8 cannot encode\n"
"(a lone surrogate) raises UnicodeEncodeError.  When a rule fails on a\n"
"line (a regex match limit), the call still returns the whole result,\n"
"with that line as the rule left it, and warns with zhnorm.RuleWarning.\n"
"\n"
"The rule tables and the OpenCC data are zhnorm's installed ones; set\n"
"rules_path (or ZHNORM_RULES_PATH) to use others.  zhnorm(1) and\n"
"zhnorm-rules(5) describe the configs, profiles and rules.\n");

/* ---- errors ------------------------------------------------------------- */

static PyObject *Error, *ArgumentError, *ConfigError, *DataError,
		*RulesError, *InvalidUTF8Error, *ConvertError, *RuleWarning;

/* The exception class for a libzhnorm code. */
static PyObject *
error_class(int code)
{
	switch (code) {
	case ZHNORM_EARG:
		return ArgumentError;
	case ZHNORM_ECONFIG:
		return ConfigError;
	case ZHNORM_EDATA:
		return DataError;
	case ZHNORM_ERULES:
		return RulesError;
	case ZHNORM_EUTF8:
		return InvalidUTF8Error;
	case ZHNORM_ECONVERT:
		return ConvertError;
	default:
		return Error;
	}
}

/* Raises the exception of CODE with MSG (the library's message; its
 * strerror when empty), setting .code.  Returns NULL. */
static PyObject *
raise_code(int code, const char *msg)
{
	PyObject *cls = error_class(code), *text, *exc, *num;

	if (msg == NULL || *msg == '\0')
		msg = zhnorm_strerror(code);
	text = PyUnicode_DecodeUTF8(msg, (Py_ssize_t)strlen(msg), "replace");
	if (text == NULL)
		return NULL;
	exc = PyObject_CallOneArg(cls, text);
	Py_DECREF(text);
	if (exc == NULL)
		return NULL;
	num = PyLong_FromLong(code);
	if (num == NULL || PyObject_SetAttrString(exc, "code", num) < 0) {
		Py_XDECREF(num);
		Py_DECREF(exc);
		return NULL;
	}
	Py_DECREF(num);
	PyErr_SetObject(cls, exc);
	Py_DECREF(exc);
	return NULL;
}

/*
 * The diagnostics of the call running in this thread: the library calls
 * the handle's diag callback from the thread of the call, without the GIL,
 * so each call collects its own here, out of reach of the others.
 */
struct diag {
	char *text;
	size_t len, cap;
};
static _Thread_local struct diag *current_diag;

static void
on_diag(void *ctx, const char *msg)
{
	struct diag *d = current_diag;
	size_t n = strlen(msg);

	(void)ctx;
	if (d == NULL)
		return;
	if (d->len + n + 2 > d->cap) {
		size_t cap = d->cap ? d->cap : 256;
		char *p;

		while (d->len + n + 2 > cap)
			cap *= 2;
		if ((p = realloc(d->text, cap)) == NULL)
			return;	/* a diagnostic lost, not the result */
		d->text = p;
		d->cap = cap;
	}
	if (d->len > 0)
		d->text[d->len++] = '\n';
	memcpy(d->text + d->len, msg, n);
	d->len += n;
	d->text[d->len] = '\0';
}

/* Issues the RuleWarning of a call that returned ZHNORM_ERULE; returns -1
 * when the warning became an exception. */
static int
warn_rule(const struct diag *d, const char *fallback)
{
	const char *msg = d->len > 0 ? d->text : fallback;

	if (msg == NULL || *msg == '\0')
		msg = zhnorm_strerror(ZHNORM_ERULE);
	return PyErr_WarnEx(RuleWarning, msg, 1);
}

/* ---- Finding ------------------------------------------------------------ */

PyDoc_STRVAR(finding_doc,
"Finding(line, column, offset, length, rule, level, message, before, after)\n"
"\n"
"One finding of Converter.check(): a change that conversion or a rule makes\n"
"(level \"fix\") or what a warning rule reports (level \"warn\").  An\n"
"immutable named tuple.\n"
"\n"
"line and column are 1-based; column counts characters of the line.\n"
"offset and length index the text given to check(): characters of a str,\n"
"bytes of a bytes object.  rule is the rule's id, or \"convert\" for a\n"
"change of the OpenCC conversion; message is its message (None when it has\n"
"none); before is the text found, after the text suggested (None for a\n"
"warning that suggests nothing).");

static PyStructSequence_Field finding_fields[] = {
	{"line", "line number, 1-based"},
	{"column", "column in characters, 1-based"},
	{"offset", "where it starts in the text given (characters of a str, "
		   "bytes of a bytes)"},
	{"length", "how much of the text given it covers, in the same unit"},
	{"rule", "the rule's id, or \"convert\""},
	{"level", "\"fix\" or \"warn\""},
	{"message", "the rule's message, or None"},
	{"before", "the text found"},
	{"after", "the text suggested, or None"},
	{NULL, NULL}
};

static PyStructSequence_Desc finding_desc = {
	"zhnorm.Finding", finding_doc, finding_fields, 9
};

static PyTypeObject FindingType;
static PyObject *level_fix, *level_warn;

/* ---- Converter ---------------------------------------------------------- */

typedef struct {
	PyObject_HEAD
	zhnorm *h;
	Py_ssize_t active;	/* calls running without the GIL */
	int closed;		/* no new calls; the handle goes with the
				 * last active one */
	int invalid_pass;
	PyObject *config;	/* for repr */
} Converter;

static PyTypeObject ConverterType;

/* O& converters.  Each gives a new reference in *OUT (NULL for None), or
 * on cleanup (obj NULL) releases it. */
static int
fs_or_none(PyObject *obj, void *out)
{
	PyObject **res = out;

	if (obj == NULL) {
		Py_CLEAR(*res);
		return 1;
	}
	if (obj == Py_None) {
		*res = NULL;
		return 1;
	}
	if (!PyUnicode_FSConverter(obj, res))
		return 0;
	return Py_CLEANUP_SUPPORTED;
}

static int
str_or_none(PyObject *obj, void *out)
{
	PyObject **res = out;

	if (obj == NULL) {
		Py_CLEAR(*res);
		return 1;
	}
	if (obj == Py_None) {
		*res = NULL;
		return 1;
	}
	if (!PyUnicode_Check(obj)) {
		PyErr_Format(PyExc_TypeError, "expected str or None, not %.100s",
			     Py_TYPE(obj)->tp_name);
		return 0;
	}
	if ((*res = PyUnicode_AsUTF8String(obj)) == NULL)
		return 0;
	if (strlen(PyBytes_AS_STRING(*res)) != (size_t)PyBytes_GET_SIZE(*res)) {
		Py_CLEAR(*res);
		PyErr_SetString(PyExc_ValueError, "embedded null character");
		return 0;
	}
	return Py_CLEANUP_SUPPORTED;
}

/* A list of byte strings for a NULL-terminated char * array. */
struct strlist {
	PyObject *items;	/* list of bytes, or NULL */
	const char **v;		/* NULL-terminated, or NULL */
};

static void
strlist_free(struct strlist *l)
{
	Py_CLEAR(l->items);
	PyMem_Free(l->v);
	l->v = NULL;
}

/* Fills L from SEQ, an iterable of str (or os.PathLike when PATHS) or
 * None.  A lone str is refused: it would be a list of its characters. */
static int
strlist_from(struct strlist *l, PyObject *seq, const char *what, int paths)
{
	PyObject *fast, *one;
	Py_ssize_t i, n;

	l->items = NULL;
	l->v = NULL;
	if (seq == NULL || seq == Py_None)
		return 0;
	if (PyUnicode_Check(seq) || PyBytes_Check(seq)) {
		PyErr_Format(PyExc_TypeError, "%s must be a list, not a single "
			     "%.50s (write %s=[%R])", what,
			     Py_TYPE(seq)->tp_name, what, seq);
		return -1;
	}
	if ((fast = PySequence_Fast(seq, "")) == NULL) {
		PyErr_Format(PyExc_TypeError, "%s must be a list of strings, "
			     "not %.100s", what, Py_TYPE(seq)->tp_name);
		return -1;
	}
	n = PySequence_Fast_GET_SIZE(fast);
	if ((l->items = PyList_New(0)) == NULL ||
	    (l->v = PyMem_Calloc((size_t)n + 1, sizeof *l->v)) == NULL) {
		Py_DECREF(fast);
		strlist_free(l);
		if (!PyErr_Occurred())
			PyErr_NoMemory();
		return -1;
	}
	for (i = 0; i < n; i++) {
		PyObject *item = PySequence_Fast_GET_ITEM(fast, i);

		one = NULL;
		if (paths ? !PyUnicode_FSConverter(item, &one) :
		    str_or_none(item, &one) == 0 || one == NULL) {
			if (!PyErr_Occurred())
				PyErr_Format(PyExc_TypeError, "%s: expected str, "
					     "not None", what);
			goto fail;
		}
		if (PyList_Append(l->items, one) < 0)
			goto fail;
		l->v[i] = PyBytes_AS_STRING(one);
		Py_DECREF(one);
	}
	Py_DECREF(fast);
	return 0;
fail:
	Py_XDECREF(one);
	Py_DECREF(fast);
	strlist_free(l);
	return -1;
}

/* The index of NAME in NAMES (NULL-terminated), or -1 with ArgumentError
 * raised. */
static int
choice(const char *option, const char *name, const char *const *names)
{
	char expected[128], msg[256];
	size_t at = 0;
	int i;

	for (i = 0; names[i] != NULL; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	expected[0] = '\0';
	for (i = 0; names[i] != NULL && at < sizeof expected; i++)
		at += (size_t)snprintf(expected + at, sizeof expected - at,
				       "%s\"%s\"", i > 0 ? ", " : "", names[i]);
	snprintf(msg, sizeof msg, "%s=\"%s\": expected one of %s", option,
		 name, expected);
	raise_code(ZHNORM_EARG, msg);
	return -1;
}

static const char *const markups[] = {"text", "html", "markdown", NULL};
static const char *const engines[] = {"native", "libopencc", NULL};
static const char *const invalids[] = {"error", "pass", NULL};

/* rules_path: a str or path, or a list of them joined with ':'. */
static int
rules_path_from(PyObject *obj, PyObject **out)
{
	PyObject *sep, *parts = NULL, *joined, *fast;
	Py_ssize_t i, n;

	*out = NULL;
	if (obj == NULL || obj == Py_None)
		return 0;
	if (PyUnicode_Check(obj) || PyBytes_Check(obj) ||
	    PyObject_HasAttrString(obj, "__fspath__"))
		return PyUnicode_FSConverter(obj, out) ? 0 : -1;
	if ((fast = PySequence_Fast(obj, "rules_path must be a path or a list "
				    "of paths")) == NULL)
		return -1;
	n = PySequence_Fast_GET_SIZE(fast);
	if ((parts = PyList_New(n)) == NULL)
		goto fail;
	for (i = 0; i < n; i++) {
		PyObject *b;

		if (!PyUnicode_FSConverter(PySequence_Fast_GET_ITEM(fast, i), &b))
			goto fail;
		PyList_SET_ITEM(parts, i, b);
	}
	if ((sep = PyBytes_FromString(":")) == NULL)
		goto fail;
	joined = PyObject_CallMethod(sep, "join", "O", parts);
	Py_DECREF(sep);
	if (joined == NULL)
		goto fail;
	Py_DECREF(parts);
	Py_DECREF(fast);
	*out = joined;
	return 0;
fail:
	Py_XDECREF(parts);
	Py_DECREF(fast);
	return -1;
}

static int
Converter_init(Converter *self, PyObject *args, PyObject *kwds)
{
	static char *kwlist[] = {"config", "profile", "tables", "disable",
		"rules", "region", "markup", "engine", "opencc_data", "tofu",
		"keep_markers", "invalid", "rules_path", NULL};
	struct zhnorm_options opts = ZHNORM_OPTIONS_INIT;
	PyObject *config = NULL, *profile = NULL, *region = NULL,
		 *opencc_data = NULL, *tables = Py_None, *disable = Py_None,
		 *rules_path = Py_None, *path = NULL, *config_obj = Py_None;
	struct strlist tl = {NULL, NULL}, dl = {NULL, NULL};
	const char *markup = "text", *engine = "native", *invalid = "error";
	int rules = 1, tofu = 0, keep_markers = 0, m, e, inv, code = 0, rc = -1;
	char err[1024];
	zhnorm *h;

	if (self->h != NULL || self->active > 0) {
		PyErr_SetString(PyExc_RuntimeError, "Converter already open");
		return -1;
	}
	if (!PyArg_ParseTupleAndKeywords(args, kwds, "|O$O&OOpO&ssO&ppsO:Converter",
					 kwlist, &config_obj, str_or_none, &profile,
					 &tables, &disable, &rules, str_or_none,
					 &region, &markup, &engine, fs_or_none,
					 &opencc_data, &tofu, &keep_markers,
					 &invalid, &rules_path))
		return -1;
	if (config_obj == Py_None)
		config_obj = NULL;
	if (config_obj != NULL && !fs_or_none(config_obj, &config))
		goto out;
	if ((m = choice("markup", markup, markups)) < 0 ||
	    (e = choice("engine", engine, engines)) < 0 ||
	    (inv = choice("invalid", invalid, invalids)) < 0)
		goto out;
	if (strlist_from(&tl, tables, "tables", 1) < 0 ||
	    strlist_from(&dl, disable, "disable", 0) < 0 ||
	    rules_path_from(rules_path, &path) < 0)
		goto out;

	opts.config = config ? PyBytes_AS_STRING(config) : NULL;
	opts.profile = profile ? PyBytes_AS_STRING(profile) : NULL;
	opts.tables = tl.v;
	opts.disable = dl.v;
	opts.no_rules = !rules;
	opts.region = region ? PyBytes_AS_STRING(region) : NULL;
	opts.markup = m == 0 ? ZHNORM_MARKUP_TEXT : m == 1 ? ZHNORM_MARKUP_HTML :
		      ZHNORM_MARKUP_MARKDOWN;
	opts.engine = e == 0 ? ZHNORM_ENGINE_NATIVE : ZHNORM_ENGINE_LIBOPENCC;
	opts.opencc_data = opencc_data ? PyBytes_AS_STRING(opencc_data) : NULL;
	opts.tofu = tofu;
	opts.keep_markers = keep_markers;
	opts.invalid_pass = inv == 1;
	opts.rules_path = path ? PyBytes_AS_STRING(path) : NULL;
	opts.diag = on_diag;
	opts.diag_ctx = NULL;

	err[0] = '\0';
	Py_BEGIN_ALLOW_THREADS
	h = zhnorm_open(&opts, &code, err, sizeof err);
	Py_END_ALLOW_THREADS
	if (h == NULL) {
		raise_code(code != 0 ? code : ZHNORM_ECONFIG, err);
		goto out;
	}
	self->h = h;
	self->closed = 0;
	self->invalid_pass = opts.invalid_pass;
	Py_XSETREF(self->config, config_obj ? PyUnicode_FromString(
			   opts.config) : PyUnicode_FromString("s2t"));
	if (self->config == NULL)
		PyErr_Clear();
	rc = 0;
out:
	Py_XDECREF(config);
	Py_XDECREF(profile);
	Py_XDECREF(region);
	Py_XDECREF(opencc_data);
	Py_XDECREF(path);
	strlist_free(&tl);
	strlist_free(&dl);
	return rc;
}

static void
Converter_dealloc(Converter *self)
{
	/* No call can be running: each holds a reference to self. */
	zhnorm_close(self->h);
	Py_XDECREF(self->config);
	Py_TYPE(self)->tp_free((PyObject *)self);
}

/* Starts a call: fails when the Converter is closed. */
static int
enter(Converter *self)
{
	if (self->h == NULL || self->closed) {
		PyErr_SetString(PyExc_ValueError, self->h == NULL && !self->closed ?
				"Converter is not open" :
				"operation on a closed Converter");
		return -1;
	}
	self->active++;
	return 0;
}

/* Ends a call (with the GIL held); the last call after a close() closes
 * the handle. */
static void
leave(Converter *self)
{
	if (--self->active == 0 && self->closed) {
		zhnorm_close(self->h);
		self->h = NULL;
	}
}

/* The UTF-8 of TEXT (str or bytes) as a new bytes reference, or NULL. */
static PyObject *
input_bytes(Converter *self, PyObject *text, const char *method)
{
	if (PyUnicode_Check(text))
		return PyUnicode_AsEncodedString(text, "utf-8", self->invalid_pass ?
						 "surrogateescape" : "strict");
	if (PyBytes_Check(text)) {
		Py_INCREF(text);
		return text;
	}
	PyErr_Format(PyExc_TypeError, "%s() argument must be str or bytes, "
		     "not %.100s", method, Py_TYPE(text)->tp_name);
	return NULL;
}

PyDoc_STRVAR(convert_doc,
"convert(text, /)\n"
"--\n"
"\n"
"Convert TEXT and run the rules over it: the text the zhnorm command would\n"
"write for that input.  TEXT is a str (the result is a str) or UTF-8 bytes\n"
"(the result is bytes).  Text of any length is taken whole; the GIL is\n"
"released while it is converted.\n"
"\n"
"Raises InvalidUTF8Error for bytes that are not UTF-8 (unless the\n"
"Converter was opened with invalid=\"pass\"), UnicodeEncodeError for a str\n"
"holding a lone surrogate, ConvertError when conversion fails.  When a rule\n"
"fails on a line, warns with RuleWarning and returns the result.\n"
"\n"
"    >>> zhnorm.Converter(\"s2hk\").convert(\"头发\\n\")\n"
"    '頭髮\\n'");

static PyObject *
Converter_convert(Converter *self, PyObject *text)
{
	struct diag d = {NULL, 0, 0};
	PyObject *in, *res = NULL;
	char *out = NULL, msg[1024];
	size_t outlen = 0;
	int rc;

	if (enter(self) < 0)
		return NULL;
	if ((in = input_bytes(self, text, "convert")) == NULL) {
		leave(self);
		return NULL;
	}
	msg[0] = '\0';
	Py_BEGIN_ALLOW_THREADS
	current_diag = &d;
	rc = zhnorm_convert(self->h, PyBytes_AS_STRING(in),
			    (size_t)PyBytes_GET_SIZE(in), &out, &outlen);
	current_diag = NULL;
	if (rc != ZHNORM_OK)
		snprintf(msg, sizeof msg, "%s", zhnorm_errmsg(self->h));
	Py_END_ALLOW_THREADS
	leave(self);
	Py_DECREF(in);
	if (rc != ZHNORM_OK && rc != ZHNORM_ERULE) {
		free(d.text);
		return raise_code(rc, msg);
	}
	if (PyUnicode_Check(text))
		res = PyUnicode_DecodeUTF8(out, (Py_ssize_t)outlen,
					   self->invalid_pass ? "surrogateescape" :
					   "strict");
	else
		res = PyBytes_FromStringAndSize(out, (Py_ssize_t)outlen);
	zhnorm_free(out);
	if (res != NULL && rc == ZHNORM_ERULE && warn_rule(&d, msg) < 0)
		Py_CLEAR(res);
	free(d.text);
	return res;
}

/* The number of characters that BUF[0..N) decodes to. */
static Py_ssize_t
chars_in(const char *buf, size_t n, int strict)
{
	Py_ssize_t k = 0;
	size_t i;

	if (!strict) {
		PyObject *s = PyUnicode_DecodeUTF8(buf, (Py_ssize_t)n,
						   "surrogateescape");

		if (s == NULL)
			return -1;
		k = PyUnicode_GET_LENGTH(s);
		Py_DECREF(s);
		return k;
	}
	/* Valid UTF-8: every byte but a continuation byte starts one. */
	for (i = 0; i < n; i++)
		k += ((unsigned char)buf[i] & 0xC0) != 0x80;
	return k;
}

/* Translates byte offsets into a str's character offsets, remembering the
 * last one: findings come line by line, so each step is short. */
struct charpos {
	const char *buf;
	size_t len;
	int strict;
	size_t byte;
	Py_ssize_t chr;
};

static Py_ssize_t
char_offset(struct charpos *cp, size_t off)
{
	Py_ssize_t k;

	if (off > cp->len)
		off = cp->len;
	if (off >= cp->byte) {
		if ((k = chars_in(cp->buf + cp->byte, off - cp->byte, cp->strict)) < 0)
			return -1;
		cp->chr += k;
	} else if (cp->strict || off == 0) {
		cp->chr = cp->strict ? cp->chr - chars_in(cp->buf + off,
							 cp->byte - off, 1) : 0;
	} else {
		if ((k = chars_in(cp->buf, off, 0)) < 0)
			return -1;
		cp->chr = k;
	}
	cp->byte = off;
	return cp->chr;
}

static PyObject *
text_or_none(const char *s, size_t n, const char *errors)
{
	if (s == NULL)
		Py_RETURN_NONE;
	return PyUnicode_DecodeUTF8(s, (Py_ssize_t)n, errors);
}

/* The Finding of F in the input that CP describes (CP NULL: bytes). */
static PyObject *
make_finding(const struct zhnorm_finding *f, struct charpos *cp,
	     const char *errors)
{
	PyObject *t, *v;
	Py_ssize_t off, end;

	if ((t = PyStructSequence_New(&FindingType)) == NULL)
		return NULL;
	if (cp != NULL) {
		if ((off = char_offset(cp, f->offset)) < 0 ||
		    (end = char_offset(cp, f->offset + f->length)) < 0)
			goto fail;
	} else {
		off = (Py_ssize_t)f->offset;
		end = (Py_ssize_t)(f->offset + f->length);
	}
#define SET(i, expr) do { if ((v = (expr)) == NULL) goto fail; \
	PyStructSequence_SET_ITEM(t, i, v); } while (0)
	SET(0, PyLong_FromUnsignedLong(f->line));
	SET(1, PyLong_FromUnsignedLong(f->column));
	SET(2, PyLong_FromSsize_t(off));
	SET(3, PyLong_FromSsize_t(end - off));
	SET(4, PyUnicode_FromString(f->rule));
	SET(5, Py_NewRef(f->level == ZHNORM_WARN ? level_warn : level_fix));
	SET(6, f->message ? PyUnicode_DecodeUTF8(f->message,
			(Py_ssize_t)strlen(f->message), "replace") :
	       Py_NewRef(Py_None));
	SET(7, text_or_none(f->before, f->before_len, errors));
	SET(8, text_or_none(f->after, f->after_len, errors));
#undef SET
	return t;
fail:
	Py_DECREF(t);
	return NULL;
}

PyDoc_STRVAR(check_doc,
"check(text, /)\n"
"--\n"
"\n"
"Check TEXT as `zhnorm --check` does: a list of Finding, one for each\n"
"change that convert() would make and for each thing a warning rule\n"
"reports, line by line.  An empty list means convert() would return the\n"
"text unchanged and nothing is to be reported.  TEXT is a str or UTF-8\n"
"bytes; a Finding's offset and length count characters of a str, bytes of\n"
"a bytes object.  Raises and warns as convert() does.\n"
"\n"
"    >>> [(f.rule, f.level) for f in\n"
"    ...  zhnorm.Converter(\"none\").check(\"重(chóng)新开始\")]\n"
"    [('annotation.single', 'warn'), ('punct.paren-open', 'fix'), "
"('punct.paren-close', 'fix')]");

static PyObject *
Converter_check(Converter *self, PyObject *text)
{
	struct diag d = {NULL, 0, 0};
	const struct zhnorm_finding *f;
	zhnorm_findings *fs = NULL;
	struct charpos cp;
	PyObject *in, *list = NULL, *item;
	const char *errors = self->invalid_pass ? "surrogateescape" : "strict";
	char msg[1024];
	size_t i, n;
	int rc, is_str = PyUnicode_Check(text);

	if (enter(self) < 0)
		return NULL;
	if ((in = input_bytes(self, text, "check")) == NULL) {
		leave(self);
		return NULL;
	}
	msg[0] = '\0';
	Py_BEGIN_ALLOW_THREADS
	current_diag = &d;
	rc = zhnorm_check(self->h, PyBytes_AS_STRING(in),
			  (size_t)PyBytes_GET_SIZE(in), &fs);
	current_diag = NULL;
	if (rc != ZHNORM_OK)
		snprintf(msg, sizeof msg, "%s", zhnorm_errmsg(self->h));
	Py_END_ALLOW_THREADS
	leave(self);
	if (rc != ZHNORM_OK && rc != ZHNORM_ERULE) {
		Py_DECREF(in);
		free(d.text);
		return raise_code(rc, msg);
	}
	cp.buf = PyBytes_AS_STRING(in);
	cp.len = (size_t)PyBytes_GET_SIZE(in);
	cp.strict = !self->invalid_pass;
	cp.byte = 0;
	cp.chr = 0;
	n = zhnorm_findings_count(fs);
	if ((list = PyList_New((Py_ssize_t)n)) == NULL)
		goto out;
	for (i = 0; i < n; i++) {
		f = zhnorm_findings_get(fs, i);
		if ((item = make_finding(f, is_str ? &cp : NULL, errors)) == NULL) {
			Py_CLEAR(list);
			goto out;
		}
		PyList_SET_ITEM(list, (Py_ssize_t)i, item);
	}
	if (rc == ZHNORM_ERULE && warn_rule(&d, msg) < 0)
		Py_CLEAR(list);
out:
	zhnorm_findings_free(fs);
	Py_DECREF(in);
	free(d.text);
	return list;
}

PyDoc_STRVAR(close_doc,
"close()\n"
"--\n"
"\n"
"Free the Converter's tables and OpenCC converters.  Later calls raise\n"
"ValueError; calls already running in other threads finish first.  Closing\n"
"twice does nothing.");

static PyObject *
Converter_close(Converter *self, PyObject *unused)
{
	(void)unused;
	if (self->h != NULL && !self->closed) {
		self->closed = 1;
		if (self->active == 0) {
			zhnorm_close(self->h);
			self->h = NULL;
		}
	}
	Py_RETURN_NONE;
}

static PyObject *
Converter_enter(Converter *self, PyObject *unused)
{
	(void)unused;
	if (self->h == NULL || self->closed) {
		PyErr_SetString(PyExc_ValueError, "operation on a closed Converter");
		return NULL;
	}
	return Py_NewRef(self);
}

static PyObject *
Converter_exit(Converter *self, PyObject *args)
{
	(void)args;
	return Converter_close(self, NULL);
}

static PyObject *
Converter_get_closed(Converter *self, void *unused)
{
	(void)unused;
	return PyBool_FromLong(self->h == NULL || self->closed);
}

static PyObject *
Converter_get_config(Converter *self, void *unused)
{
	(void)unused;
	if (self->config == NULL)
		Py_RETURN_NONE;
	return Py_NewRef(self->config);
}

static PyObject *
Converter_repr(Converter *self)
{
	return PyUnicode_FromFormat("<zhnorm.Converter config=%R%s>",
				    self->config ? self->config : Py_None,
				    self->h == NULL || self->closed ? " closed" : "");
}

static PyMethodDef Converter_methods[] = {
	{"convert", (PyCFunction)Converter_convert, METH_O, convert_doc},
	{"check", (PyCFunction)Converter_check, METH_O, check_doc},
	{"close", (PyCFunction)Converter_close, METH_NOARGS, close_doc},
	{"__enter__", (PyCFunction)Converter_enter, METH_NOARGS, NULL},
	{"__exit__", (PyCFunction)Converter_exit, METH_VARARGS, NULL},
	{NULL, NULL, 0, NULL}
};

static PyGetSetDef Converter_getset[] = {
	{"closed", (getter)Converter_get_closed, NULL,
	 "True after close()", NULL},
	{"config", (getter)Converter_get_config, NULL,
	 "the config it was opened with", NULL},
	{NULL, NULL, NULL, NULL, NULL}
};

PyDoc_STRVAR(Converter_doc,
"Converter(config=\"s2t\", *, profile=\"gov\", tables=None, disable=None,\n"
"          rules=True, region=None, markup=\"text\", engine=\"native\",\n"
"          opencc_data=None, tofu=False, keep_markers=False,\n"
"          invalid=\"error\", rules_path=None)\n"
"\n"
"A converter: the OpenCC config and the rule tables, loaded once.  The\n"
"options are those of the zhnorm command (zhnorm(1)):\n"
"\n"
"config       an OpenCC config (\"s2t\", \"s2tw\", \"s2twp\", \"t2s\", \"s2hk\",\n"
"             ...), the path of a JSON config, or \"none\" (rules only)\n"
"profile      the set of rule tables: \"gov\", \"tech\", or \"none\"\n"
"tables       more rule tables: a list of names or paths\n"
"disable      rule ids or globs to switch off: a list of str\n"
"rules        False: no rules at all, OpenCC's output exactly\n"
"region       \"cn\", \"tw\", \"hk\" or \"none\" (default: the config's)\n"
"markup       \"text\", \"html\" or \"markdown\": only text is changed\n"
"engine       \"native\" (zhnorm's own) or \"libopencc\" (Debian's OpenCC)\n"
"opencc_data  \"system\" (Debian's OpenCC data, the default), \"bundled\",\n"
"             or a directory of OpenCC configs and dictionaries\n"
"tofu         keep dictionaries marked may_output_tofu (native engine)\n"
"keep_markers leave -{ and }- in the output\n"
"invalid      \"error\": invalid UTF-8 raises InvalidUTF8Error; \"pass\":\n"
"             it passes through unchanged (bytes as they are, a str's\n"
"             surrogate escapes of os.fsdecode() come back as they were)\n"
"rules_path   directories searched for tables and profiles first: a\n"
"             path or a list of paths (default: $ZHNORM_RULES_PATH)\n"
"\n"
"One Converter may be used by any number of threads at once.  Raises\n"
"ConfigError, DataError, RulesError or ArgumentError when it cannot be\n"
"opened.\n"
"\n"
"    >>> conv = zhnorm.Converter(\"s2tw\", profile=\"tech\")\n"
"    >>> conv.convert(\"使用Python处理文本\")\n"
"    '使用 Python 處理文本'");

static PyTypeObject ConverterType = {
	PyVarObject_HEAD_INIT(NULL, 0)
	.tp_name = "zhnorm.Converter",
	.tp_basicsize = sizeof(Converter),
	.tp_dealloc = (destructor)Converter_dealloc,
	.tp_repr = (reprfunc)Converter_repr,
	.tp_flags = Py_TPFLAGS_DEFAULT,
	.tp_doc = Converter_doc,
	.tp_methods = Converter_methods,
	.tp_getset = Converter_getset,
	.tp_init = (initproc)Converter_init,
	.tp_new = PyType_GenericNew,
};

/* ---- the module --------------------------------------------------------- */

static PyObject *
mod_version(PyObject *mod, PyObject *unused)
{
	(void)mod;
	(void)unused;
	return PyUnicode_FromString(zhnorm_version());
}

static PyMethodDef module_methods[] = {
	{"version", mod_version, METH_NOARGS,
	 "version()\n--\n\nThe version of the libzhnorm in use, \"MAJOR.MINOR."
	 "PATCH\"\n(__version__ is the one this module was built against)."},
	{NULL, NULL, 0, NULL}
};

static struct PyModuleDef module_def = {
	PyModuleDef_HEAD_INIT, "zhnorm._zhnorm", module_doc, -1, module_methods,
	NULL, NULL, NULL, NULL
};

/* Makes exception NAME with BASES (a tuple) and DOC, added to MOD. */
static PyObject *
new_exception(PyObject *mod, const char *name, PyObject *bases, const char *doc)
{
	char full[64];
	PyObject *e;

	snprintf(full, sizeof full, "zhnorm.%s", name);
	e = PyErr_NewExceptionWithDoc(full, doc, bases, NULL);
	Py_XDECREF(bases);
	if (e == NULL || PyModule_AddObjectRef(mod, name, e) < 0) {
		Py_XDECREF(e);
		return NULL;
	}
	return e;
}

PyMODINIT_FUNC
PyInit__zhnorm(void)
{
	PyObject *m;

	if ((m = PyModule_Create(&module_def)) == NULL)
		return NULL;
	if (PyType_Ready(&ConverterType) < 0 ||
	    PyModule_AddObjectRef(m, "Converter", (PyObject *)&ConverterType) < 0)
		goto fail;
	if (FindingType.tp_name == NULL &&
	    PyStructSequence_InitType2(&FindingType, &finding_desc) < 0)
		goto fail;
	if (PyModule_AddObjectRef(m, "Finding", (PyObject *)&FindingType) < 0)
		goto fail;
	if ((level_fix = PyUnicode_InternFromString("fix")) == NULL ||
	    (level_warn = PyUnicode_InternFromString("warn")) == NULL)
		goto fail;

	if ((Error = new_exception(m, "Error", Py_BuildValue("(O)", PyExc_Exception),
		"A libzhnorm failure; .code is its code (zhnorm.EARG, ...).")) == NULL ||
	    (ArgumentError = new_exception(m, "ArgumentError",
		Py_BuildValue("(OO)", Error, PyExc_ValueError),
		"A bad option value (ZHNORM_EARG).")) == NULL ||
	    (ConfigError = new_exception(m, "ConfigError", Py_BuildValue("(O)", Error),
		"The config is unknown or unreadable, or OpenCC cannot open it "
		"(ZHNORM_ECONFIG).")) == NULL ||
	    (DataError = new_exception(m, "DataError", Py_BuildValue("(O)", Error),
		"The OpenCC data is missing or corrupt (ZHNORM_EDATA).")) == NULL ||
	    (RulesError = new_exception(m, "RulesError", Py_BuildValue("(O)", Error),
		"A rule table, profile or disabled id is missing, unreadable or "
		"wrong (ZHNORM_ERULES).")) == NULL ||
	    (InvalidUTF8Error = new_exception(m, "InvalidUTF8Error",
		Py_BuildValue("(OO)", Error, PyExc_ValueError),
		"The input is not valid UTF-8 (ZHNORM_EUTF8).")) == NULL ||
	    (ConvertError = new_exception(m, "ConvertError", Py_BuildValue("(O)", Error),
		"Conversion failed while running (ZHNORM_ECONVERT).")) == NULL ||
	    (RuleWarning = new_exception(m, "RuleWarning",
		Py_BuildValue("(O)", PyExc_UserWarning),
		"A rule failed on some lines (a match limit, ZHNORM_ERULE): the "
		"result is whole,\nbut those lines are as the rule left them. "
		"The message has one line\nper failure.")) == NULL)
		goto fail;
	if (PyObject_SetAttrString(Error, "code", Py_None) < 0)
		goto fail;

	if (PyModule_AddIntConstant(m, "OK", ZHNORM_OK) < 0 ||
	    PyModule_AddIntConstant(m, "EARG", ZHNORM_EARG) < 0 ||
	    PyModule_AddIntConstant(m, "ECONFIG", ZHNORM_ECONFIG) < 0 ||
	    PyModule_AddIntConstant(m, "EDATA", ZHNORM_EDATA) < 0 ||
	    PyModule_AddIntConstant(m, "ERULES", ZHNORM_ERULES) < 0 ||
	    PyModule_AddIntConstant(m, "EUTF8", ZHNORM_EUTF8) < 0 ||
	    PyModule_AddIntConstant(m, "ECONVERT", ZHNORM_ECONVERT) < 0 ||
	    PyModule_AddIntConstant(m, "ERULE", ZHNORM_ERULE) < 0 ||
	    PyModule_AddStringConstant(m, "__version__", BINDING_VERSION) < 0)
		goto fail;
	return m;
fail:
	Py_DECREF(m);
	return NULL;
}
