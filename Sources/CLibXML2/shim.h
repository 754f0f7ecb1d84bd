#ifndef SUPPORTMATCH_CLIBXML2_SHIM_H
#define SUPPORTMATCH_CLIBXML2_SHIM_H

// Debian builds libxml2 with ICU. Importing its headers next to Foundation breaks
// (`UErrorCode` defined twice, swiftlang/swift#88485). Undefining the ICU switch
// before the other headers is the verified fix; never touch xmlCharEncodingHandler.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>
#include <libxml/tree.h>
#include <libxml/HTMLparser.h>
#include <libxml/xmlmemory.h>
#include <libxml/parserInternals.h>
#include <libxml/globals.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/// `xmlFree` is a global function pointer, which Swift 6 rejects as shared mutable state.
static inline void supportmatch_xmlFree(void *pointer) { xmlFree(pointer); }

/// `xmlParserVersion` is a macro; the dotted version is a plain string literal.
static inline const char *supportmatch_libxml2_version(void) { return LIBXML_DOTTED_VERSION; }

// MARK: Element lines beyond 65,535 in xmlTextReader
//
// libxml2 keeps a node's line in 16 bits and stops at 65535. XML_PARSE_BIG_LINES stores the
// real line only on *text* nodes (in `psvi`); for an element, xmlGetLineNo falls back to its
// first child, next or previous sibling, which in streaming mode are missing or not yet parsed.
// Measured on libxml2 2.9.14 with a Grants.gov-shaped file (11,573 elements past line 65535):
// without BIG_LINES xmlGetLineNo gave 65535 for every one; with it, 40 % still got 65535 or the
// line after their own (an element holding elements, or multi-line text, answers with its first
// child's line; an empty element with its neighbour's). xmlTextReaderGetParserLineNumber is
// where the parser has read to, ahead of the node: right for 6 %.
//
// The exact line is the parser's line when the element starts, which only a SAX callback sees.
// The reader has no API to its parser context (the structure is private), so
// `supportmatch_reader_track_lines` learns where the reader keeps it, once per process: a
// throwaway reader parses "<a>", whose error report carries that reader's parser context, and
// the word of the reader holding the same pointer gives the offset. The offset is learned, never
// assumed; a real reader's context is used only if its `_private` points back to the reader (as
// libxml2 sets it) and the callbacks still receive the context itself. Otherwise, or if the
// probe finds nothing, lines come from libxml2 alone. The reader's startElementNs callback is
// then wrapped: after libxml2 has built the element, a line past 65534 is stored in the
// element's `psvi`, a field the reader and the SAX2 tree builder leave alone for elements (a
// recycled node is cleared first). `supportmatch_node_line` reads it back. Cost: one call and a
// few comparisons per element start, below the noise of the import benchmark. Verified on
// libxml2 2.9.14 (context at byte 32; every element line exact). Resetting a reader
// (xmlReaderNew*, xmlTextReaderSetup) rebuilds its callbacks and drops the wrapping.

// (State lives in function-local statics: Swift does not emit a header's file-level statics.)

/// The reader's own startElementNs (the same static function of libxml2 for every reader).
static inline startElementNsSAX2Func *supportmatch_reader_start_element(void) {
    static startElementNsSAX2Func original = NULL;
    return &original;
}

/// Offset of the parser context pointer inside an xmlTextReader; -2 before the first probe,
/// -1 when it could not be found (lines then come from libxml2 alone).
static inline int *supportmatch_reader_context_offset(void) {
    static int offset = -2;
    return &offset;
}

static inline void supportmatch_capture_context(void *data,
#if LIBXML_VERSION >= 21200
                                                const
#endif
                                                xmlError *error) {
    void **found = (void **)data;
    if (error != NULL && *found == NULL) *found = error->ctxt;
}

static inline int supportmatch_probe_reader_context_offset(void) {
    static const char probe[] = "<a>";  // cut short: the parser reports an error naming its context
    void *context = NULL;
    xmlTextReaderPtr reader = xmlReaderForMemory(probe, 3, NULL, NULL, XML_PARSE_NONET | XML_PARSE_NOWARNING);
    if (reader == NULL) return -1;
    xmlTextReaderSetStructuredErrorHandler(reader, supportmatch_capture_context, &context);
    while (xmlTextReaderRead(reader) == 1) {}
    int offset = -1;
    if (context != NULL) {
        // The context pointer is among the reader's first fields (byte 32 in 2.9.14); the
        // structure has dozens of fields, so these 8 words are inside it.
        void *const *words = (void *const *)reader;
        for (int index = 0; index < 8; index++) {
            if (words[index] == context) { offset = index * (int)sizeof(void *); break; }
        }
    }
    xmlFreeTextReader(reader);
    return offset;
}

static inline void supportmatch_start_element_ns(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                                                 const xmlChar *URI, int nb_namespaces, const xmlChar **namespaces,
                                                 int nb_attributes, int nb_defaulted, const xmlChar **attributes) {
    startElementNsSAX2Func original = __atomic_load_n(supportmatch_reader_start_element(), __ATOMIC_ACQUIRE);
    original(ctx, localname, prefix, URI, nb_namespaces, namespaces, nb_attributes, nb_defaulted, attributes);
    xmlParserCtxtPtr context = (xmlParserCtxtPtr)ctx;
    xmlNodePtr node = context->node;
    if (context->input != NULL && context->input->line >= 65535 && node != NULL
        && node->type == XML_ELEMENT_NODE && node->line == 65535 && node->psvi == NULL) {
        node->psvi = (void *)(ptrdiff_t)context->input->line;
    }
}

/// Makes the reader record exact element lines beyond 65,535 (see above). Call it right after
/// creating the reader, before `xmlTextReaderSetSchema` (which reroutes the callbacks) and
/// before the first read. Returns 1 when lines are recorded, 0 when only libxml2's own are
/// available.
static inline int supportmatch_reader_track_lines(xmlTextReaderPtr reader) {
    if (reader == NULL) return 0;
    int offset = __atomic_load_n(supportmatch_reader_context_offset(), __ATOMIC_ACQUIRE);
    if (offset == -2) {
        offset = supportmatch_probe_reader_context_offset();
        __atomic_store_n(supportmatch_reader_context_offset(), offset, __ATOMIC_RELEASE);
    }
    if (offset < 0) return 0;
    xmlParserCtxtPtr context = *(xmlParserCtxtPtr *)((char *)reader + offset);
    // Callbacks must receive the parser context itself (no schema plugged in yet).
    if (context == NULL || context->_private != (void *)reader || context->userData != (void *)context
        || context->sax == NULL) return 0;
    startElementNsSAX2Func current = context->sax->startElementNs;
    if (current == NULL) return 0;
    if (current == supportmatch_start_element_ns) return 1;
    startElementNsSAX2Func expected = NULL;
    if (!__atomic_compare_exchange_n(supportmatch_reader_start_element(), &expected, current, 0,
                                     __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE) && expected != current) {
        return 0;  // a different callback than the one wrapped before: leave this reader alone
    }
    context->sax->startElementNs = supportmatch_start_element_ns;
    return 1;
}

/// The line of a node: for an element past line 65534, the exact line recorded by
/// `supportmatch_reader_track_lines`; otherwise libxml2's `xmlGetLineNo` (text nodes carry
/// their own line beyond 65535 with XML_PARSE_BIG_LINES). -1 when unknown.
static inline long supportmatch_node_line(xmlNodePtr node) {
    if (node == NULL) return -1;
    if (node->type == XML_ELEMENT_NODE && node->line == 65535 && node->psvi != NULL) {
        return (long)(ptrdiff_t)node->psvi;
    }
    return xmlGetLineNo(node);
}

// MARK: Messages without a parser context
//
// libxml2 reports most problems through the parser context, whose structured handler each
// reader sets. Some go to the thread's global handlers instead, which print to stderr unless
// replaced: encoding conversion failures ("encoding error : input conversion failed …", "I/O
// error : encoder error"), and the schema validator's TODO blocks ("Unimplemented block at
// xmlschemas.c:…", reached by an entity reference in a validated document), which call the
// *generic* handler directly. Both handlers are per thread in libxml2 (new threads start from
// the xmlThrDef… defaults), so `LibXML2.routingThreadMessages` sets them around every
// synchronous read. The generic handler is variadic, which Swift cannot define: this one
// formats the text and passes it on as a warning to the thread's structured handler, so every
// message takes the one structured path.

static inline void supportmatch_generic_error(void *context, const char *format, ...) {
    xmlStructuredErrorFunc structured = *__xmlStructuredError();
    void *target = *__xmlStructuredErrorContext();
    if (structured == NULL || target == NULL || format == NULL) return;
    char text[1024];
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(text, sizeof text, format, arguments);
    va_end(arguments);
    xmlError error;
    memset(&error, 0, sizeof error);
    error.domain = XML_FROM_NONE;
    error.code = XML_ERR_INTERNAL_ERROR;
    error.level = XML_ERR_WARNING;
    error.message = text;
    structured(target, &error);
}

/// The thread's handlers, to put back after a read.
typedef struct {
    xmlStructuredErrorFunc structured;
    void *structuredContext;
    xmlGenericErrorFunc generic;
    void *genericContext;
} supportmatch_error_route;

/// Sends this thread's context-free messages to `structured` with `context` (NULL: dropped)
/// and returns the route it replaced.
static inline supportmatch_error_route supportmatch_route_thread_errors(void *context, xmlStructuredErrorFunc structured) {
    supportmatch_error_route previous = {*__xmlStructuredError(), *__xmlStructuredErrorContext(),
                                         *__xmlGenericError(), *__xmlGenericErrorContext()};
    xmlSetStructuredErrorFunc(context, structured);
    xmlSetGenericErrorFunc(NULL, supportmatch_generic_error);
    return previous;
}

/// Puts back a route returned by `supportmatch_route_thread_errors`; libxml2's own route
/// (stderr) becomes `structured` with no context, which drops the messages.
static inline void supportmatch_restore_thread_errors(supportmatch_error_route route, xmlStructuredErrorFunc structured) {
    if (route.generic != supportmatch_generic_error) {
        xmlSetStructuredErrorFunc(NULL, structured);
        xmlSetGenericErrorFunc(NULL, supportmatch_generic_error);
        return;
    }
    xmlSetStructuredErrorFunc(route.structuredContext, route.structured);
    xmlSetGenericErrorFunc(route.genericContext, route.generic);
}

/// Threads libxml2 meets for the first time start with these handlers: messages dropped
/// rather than printed, until a read routes them.
static inline void supportmatch_default_thread_errors(xmlStructuredErrorFunc structured) {
    xmlThrDefSetStructuredErrorFunc(NULL, structured);
    xmlThrDefSetGenericErrorFunc(NULL, supportmatch_generic_error);
}

#endif
