using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Backend.Platform.Data;

/// <summary>
/// One hand-written write of an entity's row: its SQL, made once from the model (table, schema,
/// column names and quoting of the provider in use), and for each parameter the property whose
/// value it carries, converted to the column by the provider's own type mapping. The last
/// parameter may instead carry a value the caller gives (the version a row is expected to hold).
/// Made for rows written thousands of times a second, where SaveChanges would build the same
/// SQL and parameters afresh for each (docs/decisions/0019-hand-written-charge-writes.md).
/// </summary>
public sealed class WriteStatement
{
    private readonly string _text;
    private readonly IReadOnlyList<(string Name, IProperty Property, RelationalTypeMapping Mapping)> _values;
    private readonly (string Name, IProperty Property, RelationalTypeMapping Mapping)? _expected;

    private WriteStatement(
        string text,
        IReadOnlyList<(string, IProperty, RelationalTypeMapping)> values,
        (string, IProperty, RelationalTypeMapping)? expected)
    {
        (_text, _values, _expected) = (text, values, expected);
    }

    /// <summary>INSERT of every stored property but those the database generates, returning those.</summary>
    public static WriteStatement Insert(DbContext db, System.Type entity)
    {
        var type = db.Model.FindEntityType(entity) ?? throw new InvalidOperationException($"{entity.Name} is not in the model.");
        var sql = db.GetService<ISqlGenerationHelper>();
        var stored = type.GetProperties().Where(p => p.ValueGenerated != ValueGenerated.OnAdd).ToList();
        var generated = type.GetProperties().Where(p => p.ValueGenerated == ValueGenerated.OnAdd).ToList();
        var values = stored.Select((p, n) => Value(p, n)).ToList();
        var text = $"INSERT INTO {Table(sql, type)} ({string.Join(", ", stored.Select(p => sql.DelimitIdentifier(p.GetColumnName())))}) " +
            $"VALUES ({string.Join(", ", values.Select(v => sql.GenerateParameterNamePlaceholder(v.Name)))})" +
            (generated.Count > 0 ? $" RETURNING {string.Join(", ", generated.Select(p => sql.DelimitIdentifier(p.GetColumnName())))}" : "");
        return new WriteStatement(text, values, null);
    }

    /// <summary>UPDATE of the <paramref name="changed"/> properties of the row found by <paramref name="key"/> (and <paramref name="expected"/>, when given).</summary>
    public static WriteStatement Update(DbContext db, System.Type entity, string[] changed, string[] key, string? expected = null)
    {
        var type = db.Model.FindEntityType(entity) ?? throw new InvalidOperationException($"{entity.Name} is not in the model.");
        var sql = db.GetService<ISqlGenerationHelper>();
        IProperty Property(string name) => type.FindProperty(name) ?? throw new InvalidOperationException($"{entity.Name} has no {name}.");
        var set = changed.Select((name, n) => Value(Property(name), n)).ToList();
        var where = key.Select((name, n) => Value(Property(name), set.Count + n)).ToList();
        var check = expected is null ? ((string, IProperty, RelationalTypeMapping)?)null : Value(Property(expected), set.Count + where.Count);
        string Assign((string Name, IProperty Property, RelationalTypeMapping _) v) =>
            $"{sql.DelimitIdentifier(v.Property.GetColumnName())} = {sql.GenerateParameterNamePlaceholder(v.Name)}";
        var conditions = where.Select(Assign).Concat(check is { } c ? [Assign(c)] : []);
        var text = $"UPDATE {Table(sql, type)} SET {string.Join(", ", set.Select(Assign))} WHERE {string.Join(" AND ", conditions)}";
        return new WriteStatement(text, [.. set, .. where], check);
    }

    /// <summary>Runs it for <paramref name="entity"/> in <paramref name="transaction"/>: the rows it changed, or the first value it returned.</summary>
    public async Task<object?> RunAsync(DbTransaction transaction, object entity, object? expected, bool returning, CancellationToken cancellationToken)
    {
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = _text;
        foreach (var (name, property, mapping) in _values)
        {
            command.Parameters.Add(mapping.CreateParameter(command, name, property.GetGetter().GetClrValueUsingContainingEntity(entity), property.IsNullable));
        }

        if (_expected is var (expectedName, expectedProperty, expectedMapping))
        {
            command.Parameters.Add(expectedMapping.CreateParameter(command, expectedName, expected, expectedProperty.IsNullable));
        }

        return returning ? await command.ExecuteScalarAsync(cancellationToken) : await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static (string Name, IProperty Property, RelationalTypeMapping Mapping) Value(IProperty property, int position) =>
        ("w" + position.ToString(System.Globalization.CultureInfo.InvariantCulture), property, property.GetRelationalTypeMapping());

    private static string Table(ISqlGenerationHelper sql, IEntityType type) =>
        sql.DelimitIdentifier(type.GetTableName() ?? throw new InvalidOperationException($"{type.Name} has no table."), type.GetSchema());
}
