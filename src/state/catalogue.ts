/**
 * The seeded catalogue of the simulated cloud: flavors, datastores and
 * their versions. It never changes while a process runs, so both backends
 * read it once: SQLite from its tables (a world file keeps the catalogue it
 * was seeded with), memory from the seed data itself.
 */
import type {DatastoreRow, FlavorRow} from './rows.js'
import {SEED_DATASTORES, SEED_FLAVORS} from './schema.js'
import {type Database, statements} from './sqlite-statements.js'

export interface Catalogue {
  /** Every flavor, by numeric id. */
  flavors(): readonly FlavorRow[]
  /** A flavor by id or name (an id wins). */
  flavor(ref: string): FlavorRow | undefined
  /** Every datastore, by name. */
  datastores(): readonly DatastoreRow[]
  datastore(name: string): DatastoreRow | undefined
  /** The active versions of a datastore, in the catalogue's order. */
  versions(datastore: string): readonly string[]
}

/** The catalogue as read once: lookups are map reads. */
class LoadedCatalogue implements Catalogue {
  private readonly flavorsByRef = new Map<string, FlavorRow>()
  private readonly datastoresByName: Map<string, DatastoreRow>
  constructor(private readonly flavorRows: readonly FlavorRow[], private readonly datastoreRows: readonly DatastoreRow[],
    private readonly versionsOf: ReadonlyMap<string, readonly string[]>) {
    // Names first, then ids over them: an id wins over a flavor named like it.
    for (const f of flavorRows) this.flavorsByRef.set(f.name, f)
    for (const f of flavorRows) this.flavorsByRef.set(f.id, f)
    this.datastoresByName = new Map(datastoreRows.map((d) => [d.name, d]))
  }

  flavors(): readonly FlavorRow[] {
    return this.flavorRows
  }

  flavor(ref: string): FlavorRow | undefined {
    return this.flavorsByRef.get(ref)
  }

  datastores(): readonly DatastoreRow[] {
    return this.datastoreRows
  }

  datastore(name: string): DatastoreRow | undefined {
    return this.datastoresByName.get(name)
  }

  versions(datastore: string): readonly string[] {
    return this.versionsOf.get(datastore) ?? []
  }
}

/** Flavors ordered as `ORDER BY CAST(id AS INTEGER), id`. */
function byNumericId(a: FlavorRow, b: FlavorRow): number {
  const d = (Number.parseInt(a.id, 10) || 0) - (Number.parseInt(b.id, 10) || 0)
  return d !== 0 ? d : a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/** The memory backend's catalogue: the seed itself. */
export function seededCatalogue(): Catalogue {
  const flavors = SEED_FLAVORS.map(([id, name, ram, vcpus, disk]): FlavorRow => ({id, name, ram, vcpus, disk})).sort(byNumericId)
  const datastores = SEED_DATASTORES.map((d): DatastoreRow => ({
    name: d.name, manager: d.name, default_version: d.defaultVersion,
    supports_clusters: Number(d.clusters), supports_users: Number(d.users), supports_shards: Number(d.shards),
  })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  return new LoadedCatalogue(flavors, datastores, new Map(SEED_DATASTORES.map((d) => [d.name, d.versions])))
}

/** The SQLite backend's catalogue: read from the world's tables on first use. */
export class SqliteCatalogue implements Catalogue {
  private loaded?: Catalogue
  private readonly q

  constructor(db: Database) {
    this.q = statements(db, {
      flavors: 'SELECT * FROM flavors ORDER BY CAST(id AS INTEGER), id',
      datastores: 'SELECT * FROM datastores ORDER BY name',
      versions: 'SELECT datastore, name FROM datastore_versions WHERE active = 1 ORDER BY rowid',
    })
  }

  private get c(): Catalogue {
    if (!this.loaded) {
      const versions = new Map<string, string[]>()
      for (const v of this.q.versions.all() as Array<{datastore: string, name: string}>) {
        const list = versions.get(v.datastore)
        if (list) list.push(v.name)
        else versions.set(v.datastore, [v.name])
      }
      this.loaded = new LoadedCatalogue(this.q.flavors.all() as FlavorRow[], this.q.datastores.all() as DatastoreRow[], versions)
    }
    return this.loaded
  }

  flavors(): readonly FlavorRow[] {
    return this.c.flavors()
  }

  flavor(ref: string): FlavorRow | undefined {
    return this.c.flavor(ref)
  }

  datastores(): readonly DatastoreRow[] {
    return this.c.datastores()
  }

  datastore(name: string): DatastoreRow | undefined {
    return this.c.datastore(name)
  }

  versions(datastore: string): readonly string[] {
    return this.c.versions(datastore)
  }
}
