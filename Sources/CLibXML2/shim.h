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

/// `xmlFree` is a global function pointer, which Swift 6 rejects as shared mutable state.
static inline void supportmatch_xmlFree(void *pointer) { xmlFree(pointer); }

/// `xmlParserVersion` is a macro; the dotted version is a plain string literal.
static inline const char *supportmatch_libxml2_version(void) { return LIBXML_DOTTED_VERSION; }

#endif
