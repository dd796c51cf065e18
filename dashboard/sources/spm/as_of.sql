-- The date every report is as of (spm.as_of(): the setting spm.as_of, or today)
SELECT spm.as_of() AS as_of,
       spm.period_label(spm.pay_period(spm.as_of(), 'quarter')) AS quarter
