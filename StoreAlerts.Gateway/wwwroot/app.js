// Blazor intercepts same-page links and only scrolls; a skip link must also move keyboard focus.
document.addEventListener('click', event => {
    if (event.target instanceof Element && event.target.closest('.skip-link')) {
        document.getElementById('main')?.focus();
    }
});
