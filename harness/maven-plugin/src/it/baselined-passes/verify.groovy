def log = new File(basedir, 'build.log').text
assert log.contains('2 findings baselined (they do not fail the run), 0 stale entries')
assert log.contains('BUILD SUCCESS')
def sarif = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/phasecheck/report.sarif'))
assert sarif.runs[0].results.every { it.suppressions[0].kind == 'external' }
assert sarif.runs[0].results[0].suppressions[0].justification == 'fixed in the next client release'
return true
