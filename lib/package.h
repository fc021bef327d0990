/* package.h — Frictionless Data Packages: the tables of a datapackage.json.
 *
 * A package names its resources (tables), each with a path (or several,
 * read one after another) relative to the package file and a Table
 * Schema (inline, or a path).  package_load reads them all, refusing what
 * custkit does not implement (inline data, dialects, remote paths) with
 * the place named, and orders them so that a table referenced by another
 * table's foreign keys comes before it: its keys are then known when the
 * referencing table is checked, and no table is read twice.
 */
#ifndef CUST_PACKAGE_H
#define CUST_PACKAGE_H

#include <stddef.h>

#include "schema.h"
#include "util.h"

struct resource {
	char *name;
	char **paths;               /* resolved against the package's directory */
	size_t npaths;
	struct schema *schema;
};

struct package {
	char *path;
	struct resource *res;       /* in checking order */
	size_t nres;
};

struct package *package_load(const char *path, struct cust_err *err);
/* The resource called name, or NULL. */
struct resource *package_resource(struct package *p, const char *name);
void package_free(struct package *p);

#endif
