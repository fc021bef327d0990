/* jsonschema.h — the subset of JSON Schema that custkit checks, for the
 * jsonSchema constraint of object and array fields.
 *
 * Keywords: type, properties, required, additionalProperties, items (one
 * schema), minItems, maxItems, uniqueItems, minProperties, maxProperties,
 * enum, const, minimum, maximum, exclusiveMinimum, exclusiveMaximum
 * (numbers), minLength, maxLength; and the annotations $schema, $id,
 * $comment, title, description, default, examples, which check nothing.
 * Any other keyword ($ref, pattern, oneOf, …) is refused when the schema
 * is loaded: a rule custkit would not check is never accepted in silence.
 */
#ifndef CUST_JSONSCHEMA_H
#define CUST_JSONSCHEMA_H

#include <jansson.h>
#include <stdbool.h>

#include "util.h"

/* 0, or -1 with *where set to the path of the first keyword custkit does
 * not check or cannot read ("properties.age.pattern"). */
int jsonschema_supported(json_t *schema, struct strbuf *where);
bool jsonschema_valid(json_t *schema, json_t *value);

#endif
