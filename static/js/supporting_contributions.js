// The search of supporting contributions on the recommendation form names the
// community being recommended (the form's community field, or the draft's own), and
// the server offers that community's contributions only, once it has checked that
// the searcher may recommend it. Django's autocomplete.js starts every other search
// field of the admin; this one is started here so that its request carries the
// community.
'use strict';
{
    const $ = django.jQuery;

    function communityOf(element) {
        const field = document.getElementById('id_community');
        return (field && field.value) || element.dataset.community || '';
    }

    $(function() {
        $('.supporting-autocomplete').each(function(i, element) {
            $(element).select2({
                width: '20em',
                ajax: {
                    data: (params) => {
                        return {
                            term: params.term,
                            page: params.page,
                            app_label: element.dataset.appLabel,
                            model_name: element.dataset.modelName,
                            field_name: element.dataset.fieldName,
                            community: communityOf(element)
                        };
                    }
                }
            });
        });
    });
}
