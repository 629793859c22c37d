package storage

import "context"

// PlainIndexes maps the name of each index BulkLoad builds after the rows
// to its CREATE statement.
func (s *Store) PlainIndexes(ctx context.Context) (map[string]string, error) {
	return s.bulkObjects(ctx, s.dialect.plainIndexesSQL())
}

// BulkForeignKeys maps the name of each foreign key BulkLoad adds back
// after the rows to its definition (none on SQLite).
func (s *Store) BulkForeignKeys(ctx context.Context) (map[string]string, error) {
	return s.bulkObjects(ctx, s.dialect.foreignKeysSQL())
}

func (s *Store) bulkObjects(ctx context.Context, query string) (map[string]string, error) {
	objs, err := s.bulkSchema(ctx, query)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, o := range objs {
		out[o.Table+"."+o.Name] = o.Def
	}
	return out, nil
}
