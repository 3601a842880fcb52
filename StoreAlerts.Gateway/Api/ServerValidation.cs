using Microsoft.AspNetCore.Components.Forms;

namespace StoreAlerts.Gateway.Api;

/// <summary>
/// Puts a service's validation errors (<c>errors: { "name": [...] }</c>) next to the form fields they name.
/// The service is the only judge of what is valid, so the form has no rules of its own.
/// </summary>
public static class ServerValidation
{
    /// <summary>Shows the errors on the form and returns what to say above it.</summary>
    public static ApiProblem Show(EditContext context, ValidationMessageStore messages, ApiProblem problem)
    {
        messages.Clear();
        var unplaced = new List<string>();
        foreach (var (field, errors) in problem.Errors)
        {
            if (PropertyOf(context.Model, field) is { } property)
            {
                messages.Add(context.Field(property), errors);
            }
            else
            {
                unplaced.AddRange(errors.Select(error => $"{field}: {error}"));
            }
        }

        context.NotifyValidationStateChanged();
        if (problem.Errors.Count == 0)
        {
            return problem;
        }

        return problem with
        {
            Title = "Please correct the fields marked below.",
            Detail = unplaced.Count == 0 ? null : string.Join(" ", unplaced),
        };
    }

    /// <summary>The form property a camelCase API field names, if the form has it.</summary>
    private static string? PropertyOf(object model, string field) =>
        model.GetType().GetProperty(field, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase)?.Name;
}
