def log = new File(basedir, 'build.log').text
assert log.contains('1 file, 4 exchanges: 0 errors, 0 warnings, 0 info') : 'the summary is logged'
assert log.contains('BUILD SUCCESS')
assert new File(basedir, 'target/phasecheck/report.html').text.contains('PASS')
def sarif = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/phasecheck/report.sarif'))
assert sarif.version == '2.1.0'
assert sarif.runs[0].results.isEmpty()
return true
